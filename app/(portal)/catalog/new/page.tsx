import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ApiForm } from '@/components/catalog/api-form';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requirePortalActor } from '@/lib/auth/require-portal-actor';
import { createApi } from '../actions';
import { CatalogBackLink } from '../catalog-back-link';

export const metadata: Metadata = { title: 'New API' };

export default async function NewApiPage() {
  const actor = await requirePortalActor();
  if (!can(actor, 'catalog.write', { partnerId: null })) notFound();
  return (
    <>
      <CatalogBackLink href="/catalog">API catalog</CatalogBackLink>
      <PageHeader title="New API" description="Describe the API first; you add its endpoints on the next page." />
      <ApiForm action={createApi} />
    </>
  );
}
