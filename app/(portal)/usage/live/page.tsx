import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { OrganizationPicker } from '@/components/partners/organization-picker';
import { LiveTraffic } from '@/components/usage/live-traffic';
import { requireTenant } from '@/lib/auth/require-tenant';
import { findOrganization } from '@/lib/auth/tenant';
import { AppError } from '@/lib/errors';
import { LIVE_INSTANCE_ONLY_NOTE, liveReach, liveScope, type LiveScope } from '@/lib/usage/live';

export const metadata: Metadata = { title: 'Live traffic' };

export default async function LivePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const { isStaff } = tenant;
  const params = await searchParams;
  const partner = typeof params.partner === 'string' && params.partner ? params.partner : null;
  let scope: LiveScope;
  try {
    // The same check as the stream itself: another organization is a 404.
    scope = liveScope(tenant, partner);
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
  const chosen = isStaff && scope.partnerId ? await findOrganization(scope.partnerId) : null;

  return (
    <>
      <PageHeader
        title="Live traffic"
        description={isStaff ? 'API requests as they are served.' : `API requests of ${tenant.organizationName ?? 'your organization'} as they are served.`}
      />
      {isStaff ? <OrganizationPicker action="/usage/live" name="partner" selected={chosen} allLabel="All organizations" className="mb-4" /> : null}
      {liveReach() === 'instance' ? (
        <Alert tone="info" className="mb-4">
          {LIVE_INSTANCE_ONLY_NOTE}
        </Alert>
      ) : null}
      <LiveTraffic key={scope.partnerId ?? 'all'} partner={isStaff ? scope.partnerId : null} showOrganization={isStaff && scope.partnerId === null} />
    </>
  );
}
