import { Plus } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DataTableToolbar, type DataTableFilter } from '@/components/data-table/data-table-toolbar';
import { creatableKeyEnvironments } from '@/lib/auth/policy';
import { keyEnvironments } from '@/components/keys/key-vocabulary';
import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { keyStatuses } from '@/lib/keys/key-status';
import { keySortColumns, listKeys } from '@/lib/keys/list-keys';
import { parseEnumParam, parseTableQuery } from '@/lib/tables/table-query';
import { KeysTable, type KeyTableRow } from './keys-table';

export const metadata: Metadata = { title: 'API keys' };

const filters: DataTableFilter[] = [
  {
    name: 'status',
    label: 'Status',
    options: [
      { value: '', label: 'All' },
      { value: 'active', label: 'Active' },
      { value: 'expiring', label: 'Expiring' },
      { value: 'expired', label: 'Expired' },
      { value: 'revoked', label: 'Revoked' },
    ],
  },
  {
    name: 'environment',
    label: 'Environment',
    options: [
      { value: '', label: 'All' },
      { value: 'test', label: 'Test' },
      { value: 'live', label: 'Live' },
    ],
  },
];

export default async function KeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const { actor, isStaff } = tenant;
  if (!can(actor, 'key.read', { partnerId: tenant.partnerId })) notFound();

  const params = await searchParams;
  const query = parseTableQuery(params, { sortable: keySortColumns, defaultSort: 'created', defaultDirection: 'desc' });
  const status = parseEnumParam(params, 'status', keyStatuses);
  const environment = parseEnumParam(params, 'environment', keyEnvironments);
  const page = await listKeys(tenant, { ...query, status, environment });
  // Only what the table shows travels to the browser.
  const rows: KeyTableRow[] = page.rows.map((row) => ({
    id: row.id,
    keyName: row.keyName,
    tokenPrefix: row.tokenPrefix,
    environment: row.environment,
    scopes: row.scopes,
    status: row.status,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    createdByName: row.createdByName,
    partnerName: isStaff ? row.partnerName : null,
    purpose: row.purpose,
  }));
  const canCreate = creatableKeyEnvironments(actor).length > 0;

  return (
    <>
      <PageHeader
        title="API keys"
        description={
          isStaff
            ? 'Every organization’s API keys, their scopes and their status.'
            : `The keys ${tenant.organizationName ?? 'your organization'}’s servers use to call our API.`
        }
        actions={
          canCreate ? (
            <ButtonLink href="/keys/new" variant="primary">
              <Plus aria-hidden="true" />
              Create key
            </ButtonLink>
          ) : null
        }
      />
      <DataTableToolbar
        searchLabel="Search API keys"
        searchPlaceholder={isStaff ? 'Search by name, prefix or organization' : 'Search by name or prefix'}
        filters={filters}
      />
      <KeysTable page={{ ...page, rows }} sort={{ id: query.sort, direction: query.direction }} showOrganization={isStaff} canCreate={canCreate} />
    </>
  );
}
