import { Network, Plus, SearchX } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ApiSection } from '@/components/catalog/api-section';
import { endpointStatusLabels } from '@/components/catalog/catalog-vocabulary';
import { endpointStatuses } from '@/components/catalog/endpoint-options';
import { DataTableToolbar, type DataTableFilter } from '@/components/data-table/data-table-toolbar';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { formatNumber } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { listCatalog } from '@/lib/catalog/list-catalog';
import { parseEnumParam } from '@/lib/tables/table-query';

export const metadata: Metadata = { title: 'API catalog' };

const filters: DataTableFilter[] = [
  {
    name: 'status',
    label: 'Status',
    options: [{ value: '', label: 'All' }, ...endpointStatuses.map((status) => ({ value: status, label: endpointStatusLabels[status] }))],
  },
];

/** The same bound as the toolbar's search box, so a hand-written URL cannot send a longer pattern. */
const MAX_QUERY = 200;

export default async function CatalogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const { actor } = tenant;
  if (!can(actor, 'catalog.read', { partnerId: null })) notFound();
  const canWrite = can(actor, 'catalog.write', { partnerId: null });

  const params = await searchParams;
  const status = parseEnumParam(params, 'status', endpointStatuses);
  const q = typeof params.q === 'string' ? params.q.trim().slice(0, MAX_QUERY) : '';
  const filtering = Boolean(q || status);
  const apis = await listCatalog(tenant, { status, q: q || undefined });
  const endpointCount = apis.reduce((sum, api) => sum + api.endpoints.length, 0);

  return (
    <>
      <PageHeader
        title="API catalog"
        description="Every API we offer and its endpoints: what each does, the scope a key needs, and which are deprecated or retired."
        actions={
          canWrite ? (
            <ButtonLink href="/catalog/new" variant="primary">
              <Plus aria-hidden="true" />
              New API
            </ButtonLink>
          ) : null
        }
      />

      {apis.length === 0 && !filtering ? (
        <Card>
          <EmptyState
            icon={<Network aria-hidden="true" />}
            title="The catalog is empty"
            description={canWrite ? 'Describe an API and its endpoints so partners know what they can call.' : 'No API has been described here yet.'}
            action={
              canWrite ? (
                <ButtonLink href="/catalog/new" variant="primary">
                  <Plus aria-hidden="true" />
                  Add the first API
                </ButtonLink>
              ) : null
            }
          />
        </Card>
      ) : (
        <>
          <DataTableToolbar searchLabel="Search the catalog" searchPlaceholder="Search by path, method, description or API" filters={filters} />
          <p className="sr-only" role="status">
            {filtering ? `${formatNumber(endpointCount)} matching endpoints in ${formatNumber(apis.length)} APIs` : ''}
          </p>
          {apis.length === 0 ? (
            <Card>
              <EmptyState
                icon={<SearchX aria-hidden="true" />}
                title={noMatchTitle(q, status)}
                description="Try another search or status."
                action={
                  <ButtonLink href="/catalog" variant="secondary">
                    Clear filters
                  </ButtonLink>
                }
              />
            </Card>
          ) : (
            <div className="space-y-6">
              {apis.map((api) => (
                <ApiSection key={api.id} api={api} canWrite={canWrite} filtered={filtering} />
              ))}
            </div>
          )}
        </>
      )}
    </>
  );
}

function noMatchTitle(q: string, status: keyof typeof endpointStatusLabels | undefined): string {
  const parts = [q ? `“${q}”` : null, status ? `the status ${endpointStatusLabels[status]}` : null].filter(Boolean);
  return `No endpoints match ${parts.join(' and ')}`;
}
