'use client';

import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { DataTable } from '@/components/data-table/data-table';
import { dataTableColumnHelper } from '@/components/data-table/features';
import { KeyEnvironmentBadge } from '@/components/keys/key-environment-badge';
import { KeyStatusBadge } from '@/components/keys/key-status-badge';
import { ScopeChips } from '@/components/keys/scope-chips';
import { ButtonLink } from '@/components/ui/button';
import { Time } from '@/components/ui/time';
import type { KeyRow } from '@/lib/keys/list-keys';
import type { TablePage } from '@/lib/tables/table-query';

/** A row of the keys table; the organization's name only for staff, who see every organization's keys. */
export type KeyTableRow = Omit<KeyRow, 'partnerId' | 'partnerName'> & { partnerName: string | null };

const muted = (text: string) => <span className="whitespace-nowrap text-zinc-500">{text}</span>;

const column = dataTableColumnHelper<KeyTableRow>();

const baseColumns = column.columns([
  // Name, prefix and environment in one cell (as the key's identity), so the table fits 1,280 px.
  column.accessor('keyName', {
    id: 'name',
    header: 'Name',
    cell: ({ row }) => (
      <div className="min-w-40 space-y-1">
        <span className="inline-flex flex-wrap items-center gap-1.5">
          <Link href={`/keys/${row.original.id}`} className="rounded font-medium break-words text-zinc-900 hover:text-indigo-700 hover:underline">
            {row.original.keyName}
          </Link>
          {row.original.purpose === 'try_it' ? <Badge tone="accent">Try-it · 1 hour, read-only</Badge> : null}
        </span>
        <span className="flex flex-wrap items-center gap-1.5">
          <code className="font-mono text-xs whitespace-nowrap text-zinc-600">
            <span className="sr-only">Prefix </span>
            {row.original.tokenPrefix}
          </code>
          <KeyEnvironmentBadge environment={row.original.environment} />
        </span>
      </div>
    ),
  }),
  column.accessor('scopes', {
    id: 'scopes',
    header: 'Scopes',
    enableSorting: false,
    meta: { cellClassName: 'min-w-32 max-w-48' },
    cell: ({ row }) => <ScopeChips scopes={row.original.scopes} />,
  }),
  column.accessor('status', {
    id: 'status',
    header: 'Status',
    cell: ({ row }) => <KeyStatusBadge status={row.original.status} />,
  }),
  column.accessor('lastUsedAt', {
    id: 'lastUsed',
    header: 'Last used',
    sortDescFirst: true,
    cell: ({ row }) => (row.original.lastUsedAt ? <Time value={row.original.lastUsedAt} /> : muted('Never')),
  }),
  column.accessor('expiresAt', {
    id: 'expires',
    header: 'Expires',
    cell: ({ row }) => (row.original.expiresAt ? <Time value={row.original.expiresAt} /> : muted('Never')),
  }),
  // Sorted by the creation date, which the cell shows under the name.
  column.accessor('createdAt', {
    id: 'created',
    header: 'Created by',
    sortDescFirst: true,
    cell: ({ row }) => (
      <div className="min-w-0">
        <p className="whitespace-nowrap text-zinc-900">
          {row.original.createdByName ?? (
            <span className="text-zinc-500">
              —<span className="sr-only">Unknown</span>
            </span>
          )}
        </p>
        <p className="text-xs text-zinc-500">
          <Time value={row.original.createdAt} />
        </p>
      </div>
    ),
  }),
]);

const organizationColumn = column.accessor('partnerName', {
  id: 'organization',
  header: 'Organization',
  enableSorting: false,
  meta: { cellClassName: 'min-w-28' },
  cell: ({ row }) => row.original.partnerName,
});

// Staff see whose key it is right after its name.
const staffColumns = [baseColumns[0]!, organizationColumn, ...baseColumns.slice(1)];

export function KeysTable({
  page,
  sort,
  showOrganization,
  canCreate,
}: {
  page: TablePage<KeyTableRow>;
  sort: { id: string; direction: 'asc' | 'desc' };
  showOrganization: boolean;
  canCreate: boolean;
}) {
  return (
    <DataTable
      label="API keys"
      columns={showOrganization ? staffColumns : baseColumns}
      page={page}
      sort={sort}
      filterParams={['status', 'environment']}
      empty={{
        title: 'No API keys yet',
        description: (
          <>
            API keys let your servers call our API.
            {canCreate ? (
              <span className="mt-4 flex justify-center">
                <ButtonLink href="/keys/new" variant="primary" size="sm">
                  Create your first key
                </ButtonLink>
              </span>
            ) : null}
          </>
        ),
        filteredTitle: 'No keys match.',
      }}
    />
  );
}
