'use client';

import { ArchiveRestore } from 'lucide-react';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState, useTransition, type ReactNode } from 'react';
import { restoreSecret } from '../actions';
import { DataTable } from '@/components/data-table/data-table';
import { dataTableColumnHelper, type DataTableColumn } from '@/components/data-table/features';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Time } from '@/components/ui/time';
import type { TablePage } from '@/lib/tables/table-query';
import { SecretKindBadge } from '@/components/secrets/secret-kind-badge';
import { SecretValue } from './secret-value';
import type { SecretKind } from '@/components/secrets/secret-vocabulary';

/** What the browser gets of a secret: names and metadata, never a value. */
export interface SecretTableRow {
  id: string;
  name: string;
  kind: SecretKind;
  currentVersion: number;
  updatedAt: Date;
  updatedByName: string | null;
  lastReadAt: Date | null;
  deletedAt: Date | null;
  /** Deleted ones: the last moment they can be restored. */
  restorableUntil: Date | null;
}

const muted = (text: string) => <span className="whitespace-nowrap text-zinc-500">{text}</span>;
const column = dataTableColumnHelper<SecretTableRow>();

function buildColumns({ canWrite, deleted, onRestore }: { canWrite: boolean; deleted: boolean; onRestore: (row: SecretTableRow) => void }) {
  const name = column.accessor('name', {
    id: 'name',
    header: 'Name',
    // Wide enough for usual names on one line; only very long ones wrap.
    meta: { cellClassName: 'min-w-56' },
    cell: ({ row }) => (
      <Link
        href={`/secrets/${row.original.id}`}
        className="rounded font-mono text-sm font-medium [overflow-wrap:anywhere] text-zinc-900 hover:text-indigo-700 hover:underline"
      >
        {row.original.name}
      </Link>
    ),
  });
  const kind = column.accessor('kind', { id: 'kind', header: 'Kind', enableSorting: false, cell: ({ row }) => <SecretKindBadge kind={row.original.kind} /> });
  const value = column.display({
    id: 'value',
    header: 'Value',
    meta: { cellClassName: 'min-w-44' },
    // Keyed by version: a value revealed before an edit is not passed off as the current one.
    cell: ({ row }) => <SecretValue key={row.original.currentVersion} compact secretId={row.original.id} name={row.original.name} canReveal={canWrite} />,
  });
  const version = column.accessor('currentVersion', {
    id: 'version',
    header: 'Version',
    sortDescFirst: true,
    meta: { align: 'end' },
    cell: ({ row }) => <span className="tabular-nums">v{row.original.currentVersion}</span>,
  });
  const updatedBy = column.accessor('updatedByName', {
    id: 'updatedBy',
    header: 'Updated by',
    enableSorting: false,
    cell: ({ row }) => row.original.updatedByName ?? muted('—'),
  });
  const updated = column.accessor('updatedAt', {
    id: 'updated',
    header: 'Updated',
    sortDescFirst: true,
    cell: ({ row }) => <Time value={row.original.updatedAt} withTime />,
  });
  const lastRead = column.accessor('lastReadAt', {
    id: 'lastRead',
    header: 'Last read',
    sortDescFirst: true,
    cell: ({ row }) => (row.original.lastReadAt ? <Time value={row.original.lastReadAt} withTime /> : muted('Never')),
  });
  if (!deleted) return [name, kind, value, version, updatedBy, updated, lastRead] as DataTableColumn<SecretTableRow>[];

  const deletedAt = column.accessor('deletedAt', {
    id: 'deleted',
    header: 'Deleted',
    enableSorting: false,
    cell: ({ row }) => (
      <div>
        {row.original.deletedAt ? <Time value={row.original.deletedAt} withTime /> : null}
        <p className="text-xs text-zinc-500">
          {row.original.restorableUntil ? (
            <>
              Restorable until <Time value={row.original.restorableUntil} />
            </>
          ) : (
            'No longer restorable'
          )}
        </p>
      </div>
    ),
  });
  const restore = column.display({
    id: 'actions',
    header: 'Actions',
    meta: { srOnlyHeader: true, align: 'end' },
    cell: ({ row }) =>
      canWrite && row.original.restorableUntil ? (
        <Button variant="secondary" size="sm" onClick={() => onRestore(row.original)} aria-label={`Restore ${row.original.name}`}>
          <ArchiveRestore aria-hidden="true" />
          <span aria-hidden="true">Restore</span>
        </Button>
      ) : null,
  });
  return [name, kind, version, updatedBy, deletedAt, restore] as DataTableColumn<SecretTableRow>[];
}

export function SecretsTable({
  page,
  sort,
  environment,
  canWrite,
  deleted,
  emptyDescription,
}: {
  page: TablePage<SecretTableRow>;
  sort: { id: string; direction: 'asc' | 'desc' };
  environment: string;
  canWrite: boolean;
  /** The "deleted" view: restorable secrets instead of live ones. */
  deleted: boolean;
  emptyDescription: ReactNode;
}) {
  const searchParams = useSearchParams();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [, startTransition] = useTransition();

  const columns = useMemo(
    () =>
      buildColumns({
        canWrite,
        deleted,
        onRestore: (row) => {
          const formData = new FormData();
          formData.set('secretId', row.id);
          startTransition(async () => {
            const result = await restoreSecret(null, formData);
            // The row leaves this view once restored, so the outcome is told above the table.
            setOutcome(result.ok ? { ok: true, text: result.message ?? `${row.name} is restored.` } : { ok: false, text: result.error });
          });
        },
      }),
    [canWrite, deleted],
  );

  return (
    <>
      <div role="status" className={outcome?.ok ? 'mb-4' : 'sr-only'}>
        {outcome?.ok ? <Alert tone="success">{outcome.text}</Alert> : null}
      </div>
      {outcome && !outcome.ok ? (
        <Alert tone="error" role="alert" className="mb-4">
          {outcome.text}
        </Alert>
      ) : null}
      <DataTable
        // A new page, sort or filter re-mounts the rows, and with them any value left revealed.
        key={searchParams.toString()}
        label={deleted ? `Deleted secrets of ${environment}` : `Secrets of ${environment}`}
        columns={columns}
        page={page}
        sort={sort}
        filterParams={['kind']}
        empty={{
          title: deleted ? `No deleted secrets in ${environment}` : `No secrets in ${environment} yet`,
          description: emptyDescription,
          filteredTitle: deleted ? 'No deleted secrets match.' : 'No secrets match.',
        }}
      />
    </>
  );
}
