'use client';

import Link from 'next/link';
import { DataTable } from '@/components/data-table/data-table';
import { dataTableColumnHelper } from '@/components/data-table/features';
import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import { AlertKindBadge } from '@/components/usage/alert-kind-badge';
import type { AlertRow } from '@/lib/alerts/list-alerts';
import type { TablePage } from '@/lib/tables/table-query';

export type AlertTableRow = Omit<AlertRow, 'partnerId'> & { partnerName: string | null };

const column = dataTableColumnHelper<AlertTableRow>();

const baseColumns = column.columns([
  column.accessor('triggeredAt', {
    id: 'triggered',
    header: 'Raised',
    sortDescFirst: true,
    cell: ({ row }) => <Time value={row.original.triggeredAt} withTime />,
  }),
  column.accessor('kind', { id: 'kind', header: 'Alert', cell: ({ row }) => <AlertKindBadge kind={row.original.kind} /> }),
  column.accessor('message', {
    id: 'message',
    header: 'What happened',
    enableSorting: false,
    meta: { cellClassName: 'min-w-64' },
    cell: ({ row }) => row.original.message,
  }),
  column.accessor('keyPrefix', {
    id: 'key',
    header: 'Key',
    enableSorting: false,
    cell: ({ row }) =>
      row.original.apiKeyId ? (
        <Link href={`/keys/${row.original.apiKeyId}`} className="rounded font-mono text-xs whitespace-nowrap text-indigo-700 hover:underline">
          {row.original.keyPrefix ?? row.original.apiKeyId}
        </Link>
      ) : (
        <span className="text-zinc-500">All keys</span>
      ),
  }),
  column.accessor('resolvedAt', {
    id: 'resolved',
    header: 'Resolved',
    sortDescFirst: true,
    cell: ({ row }) => (row.original.resolvedAt ? <Time value={row.original.resolvedAt} withTime /> : <Badge tone="danger">Open</Badge>),
  }),
]);

const organizationColumn = column.accessor('partnerName', {
  id: 'organization',
  header: 'Organization',
  enableSorting: false,
  cell: ({ row }) => row.original.partnerName ?? '—',
});

export function AlertsTable({
  page,
  sort,
  showOrganization,
}: {
  page: TablePage<AlertTableRow>;
  sort: { id: string; direction: 'asc' | 'desc' };
  showOrganization: boolean;
}) {
  return (
    <DataTable
      label="Alerts"
      columns={showOrganization ? [...baseColumns, organizationColumn] : baseColumns}
      page={page}
      sort={sort}
      filterParams={['state', 'kind', 'partner']}
      empty={{
        title: 'No alerts yet.',
        description: 'Traffic spikes, high error rates and keys near their monthly quota are raised here.',
        filteredTitle: 'No alerts match.',
      }}
    />
  );
}
