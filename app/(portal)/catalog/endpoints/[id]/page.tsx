import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DeleteEndpointForm } from '@/components/catalog/delete-endpoint-form';
import { EndpointForm } from '@/components/catalog/endpoint-form';
import { endpointFormOptions } from '@/components/catalog/endpoint-options';
import { EndpointPath } from '@/components/catalog/endpoint-path';
import { EndpointStatusBadge } from '@/components/catalog/endpoint-status-badge';
import { MethodBadge } from '@/components/reference/method-badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { deleteEndpoint, updateEndpoint } from '../../actions';
import { CatalogBackLink } from '../../catalog-back-link';
import { findEndpointOrNotFound } from '../../catalog-lookup';

export const metadata: Metadata = { title: 'Edit endpoint' };

/** Staff admins only: everyone else reads endpoints in the catalog itself. */
export default async function EndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const tenant = await requireTenant();
  const { actor } = tenant;
  if (!can(actor, 'catalog.write', { partnerId: null })) notFound();
  const { api, endpoint } = await findEndpointOrNotFound(tenant, (await params).id);
  const label = `${endpoint.method} ${endpoint.path}`;

  return (
    <>
      <CatalogBackLink href={`/catalog/apis/${api.id}`}>{`${api.name} ${api.version}`}</CatalogBackLink>
      <PageHeader
        title={
          <span className="inline-flex flex-wrap items-center gap-3">
            <MethodBadge method={endpoint.method} />
            <EndpointPath basePath={api.basePath} path={endpoint.path} size="lg" />
          </span>
        }
        description={`${api.name} ${api.version}`}
        actions={<EndpointStatusBadge status={endpoint.status} sunsetAt={endpoint.sunsetAt} />}
      />

      <div className="space-y-6">
        <Card aria-labelledby="endpoint-form-heading">
          <CardHeader title="Endpoint" titleId="endpoint-form-heading" />
          <CardBody className="py-5">
            <EndpointForm
              action={updateEndpoint}
              basePath={api.basePath}
              options={endpointFormOptions}
              endpoint={{
                id: endpoint.id,
                method: endpoint.method,
                path: endpoint.path,
                description: endpoint.description,
                requiredScope: endpoint.requiredScope,
                status: endpoint.status,
                sunsetAt: endpoint.sunsetAt?.toISOString() ?? null,
                source: endpoint.source,
              }}
            />
          </CardBody>
        </Card>

        <Card aria-labelledby="delete-endpoint-heading">
          <CardHeader
            title="Delete"
            titleId="delete-endpoint-heading"
            description={
              endpoint.source === 'openapi'
                ? 'The portal’s own endpoints come from its code and cannot be deleted here. Mark it retired to have it answer 410 Gone.'
                : 'Remove this endpoint from the catalog. This cannot be undone.'
            }
          />
          {endpoint.source === 'manual' ? (
            <CardBody>
              <DeleteEndpointForm action={deleteEndpoint} endpointId={endpoint.id} label={label} />
            </CardBody>
          ) : null}
        </Card>
      </div>
    </>
  );
}
