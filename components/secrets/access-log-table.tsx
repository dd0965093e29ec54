'use client';

import { KeyRound, UserRound } from 'lucide-react';
import Link from 'next/link';
import { DataTable } from '@/components/data-table/data-table';
import { dataTableColumnHelper, type DataTableColumn } from '@/components/data-table/features';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import type { TablePage } from '@/lib/tables/table-query';
import { accessActionLabels, type SecretAccessAction } from './secret-vocabulary';

export interface AccessLogTableRow {
  id: string;
  occurredAt: Date;
  action: SecretAccessAction;
  actorType: 'user' | 'api_key';
  /** A user's email or a key's prefix, as it was at the time. */
  actorLabel: string | null;
  ip: string | null;
  secretId: string;
  secretName: string;
  environment: string | null;
  version: number | null;
}

// Reads of a value stand out from changes: they are what an audit of a leak looks for first.
const actionTones: Record<SecretAccessAction, BadgeTone> = {
  reveal: 'warning',
  pull: 'warning',
  export: 'warning',
  compare: 'warning',
  create: 'success',
  update: 'accent',
  rollback: 'accent',
  restore: 'accent',
  delete: 'danger',
};

const column = dataTableColumnHelper<AccessLogTableRow>();
const muted = (text: string) => <span className="text-zinc-500">{text}</span>;

const whenColumn = column.accessor('occurredAt', {
  id: 'occurred',
  header: 'When',
  enableSorting: false,
  cell: ({ row }) => <Time value={row.original.occurredAt} withTime />,
});
const actionColumn = column.accessor('action', {
  id: 'action',
  header: 'Action',
  enableSorting: false,
  cell: ({ row }) => <Badge tone={actionTones[row.original.action]}>{accessActionLabels[row.original.action]}</Badge>,
});
const secretColumn = column.accessor('secretName', {
  id: 'secret',
  header: 'Secret',
  enableSorting: false,
  meta: { cellClassName: 'min-w-48' },
  cell: ({ row }) => (
    <Link
      href={`/secrets/${row.original.secretId}`}
      className="rounded font-mono text-sm [overflow-wrap:anywhere] text-zinc-900 hover:text-indigo-700 hover:underline"
    >
      {row.original.secretName}
    </Link>
  ),
});
const environmentColumn = column.accessor('environment', {
  id: 'environment',
  header: 'Environment',
  enableSorting: false,
  cell: ({ row }) => row.original.environment ?? muted('—'),
});
const versionColumn = column.accessor('version', {
  id: 'version',
  header: 'Version',
  enableSorting: false,
  meta: { align: 'end' },
  cell: ({ row }) => (row.original.version === null ? muted('—') : <span className="tabular-nums">v{row.original.version}</span>),
});
const actorColumn = column.accessor('actorLabel', {
  id: 'actor',
  header: 'Who',
  enableSorting: false,
  cell: ({ row }) => {
    const { actorType, actorLabel } = row.original;
    const Icon = actorType === 'api_key' ? KeyRound : UserRound;
    return (
      <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
        <Icon aria-hidden="true" className="size-3.5 text-zinc-500" />
        <span className="sr-only">{actorType === 'api_key' ? 'API key' : 'User'} </span>
        {actorLabel ? <span className={actorType === 'api_key' ? 'font-mono text-xs' : undefined}>{actorLabel}</span> : muted('unknown')}
      </span>
    );
  },
});
const ipColumn = column.accessor('ip', {
  id: 'ip',
  header: 'IP',
  enableSorting: false,
  cell: ({ row }) => (row.original.ip ? <span className="font-mono text-xs">{row.original.ip}</span> : muted('—')),
});

const secretLogColumns = [whenColumn, actionColumn, versionColumn, actorColumn, ipColumn] as DataTableColumn<AccessLogTableRow>[];
const environmentLogColumns = [
  whenColumn,
  actionColumn,
  secretColumn,
  environmentColumn,
  versionColumn,
  actorColumn,
  ipColumn,
] as DataTableColumn<AccessLogTableRow>[];

/** Newest first, always: the log is read as a timeline, so it has no other order. */
export function AccessLogTable({
  page,
  label,
  scope,
  filterParams = [],
}: {
  page: TablePage<AccessLogTableRow>;
  label: string;
  scope: 'secret' | 'environment';
  filterParams?: string[];
}) {
  return (
    <DataTable
      label={label}
      columns={scope === 'secret' ? secretLogColumns : environmentLogColumns}
      page={page}
      sort={{ id: 'occurred', direction: 'desc' }}
      filterParams={filterParams}
      empty={{
        title: 'Nothing logged yet',
        description: 'Every reveal, export, pull and change of a value is listed here.',
        filteredTitle: 'No entries match.',
      }}
    />
  );
}
