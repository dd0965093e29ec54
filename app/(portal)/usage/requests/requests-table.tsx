'use client';

import Link from 'next/link';
import { DataTable } from '@/components/data-table/data-table';
import { dataTableColumnHelper } from '@/components/data-table/features';
import { formatLatency, MethodLabel, RequestTime, StatusCodeBadge } from '@/components/usage/status-code-badge';
import type { TablePage } from '@/lib/tables/table-query';

export interface RequestTableRow {
  id: string;
  occurredAt: Date;
  method: string;
  path: string;
  statusCode: number;
  latencyMs: number;
  apiKeyId: string;
  keyPrefix: string | null;
  ip: string | null;
  /** Staff only: whose request it was. */
  partnerName: string | null;
}

const none = (
  <span className="text-zinc-500">
    —<span className="sr-only">None</span>
  </span>
);

const column = dataTableColumnHelper<RequestTableRow>();

const baseColumns = column.columns([
  column.accessor('occurredAt', {
    id: 'occurred',
    header: 'When',
    sortDescFirst: true,
    cell: ({ row }) => (
      <Link href={`/usage/requests/${row.original.id}`} className="rounded text-zinc-900 hover:text-indigo-700 hover:underline">
        <RequestTime value={row.original.occurredAt} />
      </Link>
    ),
  }),
  column.accessor('method', { id: 'method', header: 'Method', enableSorting: false, cell: ({ row }) => <MethodLabel method={row.original.method} /> }),
  column.accessor('path', {
    id: 'path',
    header: 'Path',
    enableSorting: false,
    meta: { cellClassName: 'max-w-72' },
    cell: ({ row }) => (
      <span className="block truncate font-mono text-xs text-zinc-800" title={row.original.path}>
        {row.original.path}
      </span>
    ),
  }),
  column.accessor('statusCode', {
    id: 'status',
    header: 'Status',
    sortDescFirst: true,
    cell: ({ row }) => <StatusCodeBadge status={row.original.statusCode} />,
  }),
  column.accessor('latencyMs', {
    id: 'latency',
    header: 'Latency',
    sortDescFirst: true,
    meta: { align: 'end' },
    cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{formatLatency(row.original.latencyMs)}</span>,
  }),
  column.accessor('keyPrefix', {
    id: 'key',
    header: 'Key',
    enableSorting: false,
    cell: ({ row }) => (
      <Link
        href={`/keys/${row.original.apiKeyId}`}
        className="rounded font-mono text-xs whitespace-nowrap text-indigo-700 hover:text-indigo-900 hover:underline"
      >
        {row.original.keyPrefix ?? row.original.apiKeyId}
      </Link>
    ),
  }),
  column.accessor('ip', {
    id: 'ip',
    header: 'IP',
    enableSorting: false,
    cell: ({ row }) => (row.original.ip ? <span className="font-mono text-xs">{row.original.ip}</span> : none),
  }),
  column.accessor('id', {
    id: 'requestId',
    header: 'Request id',
    enableSorting: false,
    cell: ({ row }) => (
      <Link
        href={`/usage/requests/${row.original.id}`}
        className="rounded font-mono text-xs whitespace-nowrap text-zinc-700 hover:text-indigo-700 hover:underline"
      >
        {row.original.id}
      </Link>
    ),
  }),
]);

const organizationColumn = column.accessor('partnerName', {
  id: 'organization',
  header: 'Organization',
  enableSorting: false,
  cell: ({ row }) => <span className="whitespace-nowrap">{row.original.partnerName ?? '—'}</span>,
});

export function RequestsTable({
  page,
  sort,
  filterParams,
  showOrganization,
}: {
  page: TablePage<RequestTableRow>;
  sort: { id: string; direction: 'asc' | 'desc' };
  filterParams: string[];
  showOrganization: boolean;
}) {
  const columns = showOrganization ? [...baseColumns, organizationColumn] : baseColumns;
  return (
    <DataTable
      label="API requests"
      columns={columns}
      page={page}
      sort={sort}
      filterParams={filterParams}
      empty={{
        title: 'No requests yet.',
        description: 'Requests made with your API keys show here for 14 days.',
        filteredTitle: 'No requests match.',
      }}
    />
  );
}
