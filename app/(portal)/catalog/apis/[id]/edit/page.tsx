import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ApiForm } from '@/components/catalog/api-form';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { updateApi } from '../../../actions';
import { CatalogBackLink } from '../../../catalog-back-link';
import { findApiOrNotFound, isPortalApi } from '../../../catalog-lookup';

export const metadata: Metadata = { title: 'Edit API' };

export default async function EditApiPage({ params }: { params: Promise<{ id: string }> }) {
  const tenant = await requireTenant();
  const { actor } = tenant;
  if (!can(actor, 'catalog.write', { partnerId: null })) notFound();
  const api = await findApiOrNotFound(tenant, (await params).id);
  return (
    <>
      <CatalogBackLink href={`/catalog/apis/${api.id}`}>{`${api.name} ${api.version}`}</CatalogBackLink>
      <PageHeader title={`Edit ${api.name}`} description="Name, slug, version and description. Endpoints are edited one by one on the API’s page." />
      <ApiForm
        action={updateApi}
        api={{ id: api.id, name: api.name, slug: api.slug, version: api.version, description: api.description }}
        identityLocked={isPortalApi(api)}
      />
    </>
  );
}
