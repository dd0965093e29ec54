import { Pencil } from 'lucide-react';
import type { Metadata } from 'next';
import { ApiFacts } from '@/components/catalog/api-facts';
import { EndpointForm } from '@/components/catalog/endpoint-form';
import { endpointFormOptions } from '@/components/catalog/endpoint-options';
import { EndpointsTable } from '@/components/catalog/endpoints-table';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { createEndpoint } from '../../actions';
import { CatalogBackLink } from '../../catalog-back-link';
import { findApiOrNotFound, isPortalApi } from '../../catalog-lookup';

export const metadata: Metadata = { title: 'API' };

export default async function ApiPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Reading is everyone's (the catalog list already shows all of it); `listCatalog` asks the policy.
  const tenant = await requireTenant();
  const { actor } = tenant;
  const api = await findApiOrNotFound(tenant, (await params).id);
  const canWrite = can(actor, 'catalog.write', { partnerId: null });
  const { created, deleted } = await searchParams;
  const portal = isPortalApi(api);

  return (
    <>
      <CatalogBackLink href="/catalog">API catalog</CatalogBackLink>
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-3">
            {api.name}
            <Badge tone="accent">{api.version}</Badge>
          </span>
        }
        description={api.description || undefined}
        actions={
          canWrite ? (
            <ButtonLink href={`/catalog/apis/${api.id}/edit`}>
              <Pencil aria-hidden="true" />
              Edit API
            </ButtonLink>
          ) : null
        }
      />

      <div className="space-y-6">
        <div role="status">
          {canWrite && created === '1' ? (
            <Alert tone="success">
              {api.name} {api.version} is in the catalog. Add its endpoints below.
            </Alert>
          ) : null}
          {canWrite && deleted === '1' ? <Alert tone="success">The endpoint is removed from the catalog.</Alert> : null}
        </div>

        <Card aria-labelledby="endpoints-heading">
          <CardHeader
            title="Endpoints"
            titleId="endpoints-heading"
            description={
              portal ? 'Registered from the portal’s OpenAPI document at every start-up. Each links to its operation in the API reference.' : undefined
            }
          />
          <CardBody className="py-3">
            <ApiFacts api={api} />
          </CardBody>
          {api.endpoints.length > 0 ? (
            <EndpointsTable api={api} canWrite={canWrite} />
          ) : (
            <p className="border-t border-zinc-100 px-5 py-4 text-sm text-zinc-500">No endpoints yet.{canWrite ? ' Add the first one below.' : ''}</p>
          )}
        </Card>

        {canWrite ? (
          <Card aria-labelledby="add-endpoint">
            {/* The target of "Add endpoint" links (#add-endpoint): focusable so that keyboard focus lands here too. */}
            <div className="border-b border-zinc-100 px-5 py-4">
              <h2 id="add-endpoint" tabIndex={-1} className="scroll-mt-24 text-base font-semibold text-zinc-900 focus:outline-none">
                Add endpoint
              </h2>
              <p className="mt-1 text-sm text-zinc-600">
                {portal
                  ? 'Endpoints added here are listed with the portal’s own; the portal does not serve them.'
                  : `A path relative to ${api.basePath || 'the API’s base'}, the scope a key needs, and its lifecycle.`}
              </p>
            </div>
            <CardBody className="py-5">
              <EndpointForm action={createEndpoint} apiId={api.id} basePath={api.basePath} options={endpointFormOptions} />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
