import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { LiveTraffic } from '@/components/usage/live-traffic';
import { requireTenant } from '@/lib/auth/require-tenant';
import { organizationOptions } from '@/lib/auth/tenant';
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
  const { options: organizations } = await organizationOptions(tenant);

  return (
    <>
      <PageHeader
        title="Live traffic"
        description={isStaff ? 'API requests as they are served.' : `API requests of ${tenant.organizationName ?? 'your organization'} as they are served.`}
      />
      {isStaff ? (
        <form method="get" className="mb-4 flex flex-wrap items-end gap-2" aria-label="Choose an organization">
          <div className="space-y-1.5">
            <label htmlFor="live-partner" className="block text-sm font-medium text-zinc-800">
              Organization
            </label>
            <select
              id="live-partner"
              name="partner"
              defaultValue={scope.partnerId ?? ''}
              className="h-10 rounded-lg border border-zinc-300 bg-white pr-8 pl-3 text-sm text-zinc-900 shadow-xs"
            >
              <option value="">All organizations</option>
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </form>
      ) : null}
      {liveReach() === 'instance' ? (
        <Alert tone="info" className="mb-4">
          {LIVE_INSTANCE_ONLY_NOTE}
        </Alert>
      ) : null}
      <LiveTraffic
        key={scope.partnerId ?? 'all'}
        partner={isStaff ? scope.partnerId : null}
        showOrganization={isStaff && scope.partnerId === null}
        organizations={Object.fromEntries(organizations.map((o) => [o.id, o.name]))}
      />
    </>
  );
}
