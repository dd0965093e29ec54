'use client';

import { DataTable } from '@/components/data-table/data-table';
import { dataTableColumnHelper } from '@/components/data-table/features';
import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import type { AuditRow } from '@/lib/audit/list-audit-logs';
import type { TablePage } from '@/lib/tables/table-query';

export interface AuditTableRow {
  id: string;
  occurredAt: Date;
  actorType: AuditRow['actorType'];
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
}

const none = (
  <span className="text-zinc-500">
    —<span className="sr-only">None</span>
  </span>
);

const column = dataTableColumnHelper<AuditTableRow>();

const columns = column.columns([
  column.accessor('occurredAt', {
    id: 'occurred',
    header: 'When',
    sortDescFirst: true,
    cell: ({ row }) => <Time value={row.original.occurredAt} withTime />,
  }),
  column.accessor('actorLabel', {
    id: 'actor',
    header: 'Actor',
    cell: ({ row }) => (
      <span className="flex items-center gap-2">
        <span className="text-zinc-900">{row.original.actorLabel ?? 'Unknown'}</span>
        {row.original.actorType === 'api_key' ? <Badge>API key</Badge> : null}
        {row.original.actorType === 'system' ? <Badge>System</Badge> : null}
      </span>
    ),
  }),
  column.accessor('action', {
    id: 'action',
    header: 'Action',
    cell: ({ row }) => <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs whitespace-nowrap text-zinc-800">{row.original.action}</code>,
  }),
  column.accessor('targetId', {
    id: 'target',
    header: 'Target',
    enableSorting: false,
    cell: ({ row }) =>
      row.original.targetId ? (
        <span className="whitespace-nowrap">
          {row.original.targetType ? <span className="text-zinc-500">{row.original.targetType} </span> : null}
          <span className="font-mono text-xs text-zinc-800">{row.original.targetId}</span>
        </span>
      ) : (
        none
      ),
  }),
  column.accessor('ip', {
    id: 'ip',
    header: 'IP',
    enableSorting: false,
    cell: ({ row }) => (row.original.ip ? <span className="font-mono text-xs">{row.original.ip}</span> : none),
  }),
]);

export function AuditTable({
  page,
  sort,
  filterParams,
}: {
  page: TablePage<AuditTableRow>;
  sort: { id: string; direction: 'asc' | 'desc' };
  /** The filters besides `q`, for the empty state and its "Clear the filters". */
  filterParams: string[];
}) {
  return (
    <DataTable
      label="Audit log entries"
      columns={columns}
      page={page}
      sort={sort}
      filterParams={filterParams}
      empty={{
        title: 'No audit entries yet.',
        description: 'Sensitive changes, such as approvals and key rotations, are recorded here.',
        filteredTitle: 'No audit entries match.',
      }}
    />
  );
}
