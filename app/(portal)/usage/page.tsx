import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { NotFoundError } from '@/lib/errors';
import { usageDashboardData } from '@/lib/usage/analytics';
import { parsePageRange } from '@/lib/usage/analytics/range';
import { requestOrigin } from './_components/api-origin';
import { UsageDashboard } from './_components/usage-dashboard';
import { UsageFilters } from './_components/usage-filters';

export const metadata: Metadata = { title: 'Usage' };

const rangeWords = { '24h': 'the last 24 hours', '7d': 'the last 7 days', '30d': 'the last 30 days' } as const;

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Staff choose an organization (or all) with `?org=`; a partner user always sees their own.
  const tenant = await requireTenant(params);
  const { isStaff, partnerId } = tenant;
  if (!can(tenant.actor, 'usage.read', { partnerId })) notFound();

  const range = parsePageRange(params, new Date());
  const orgName = tenant.organizationName ?? 'All organizations';

  let data;
  try {
    data = await usageDashboardData(tenant, {}, range.range);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const when =
    range.choice === 'custom' && !range.error ? `${range.fromDay} to ${range.toDay} (UTC)` : rangeWords[range.choice === 'custom' ? '24h' : range.choice];

  return (
    <>
      <PageHeader title="Usage" description={`${orgName}: requests, errors and latency over ${when}.`} />
      <UsageFilters
        basePath="/usage"
        range={range}
        organization={
          tenant.picksOrganization ? { selected: partnerId && tenant.organizationName ? { id: partnerId, name: tenant.organizationName } : null } : undefined
        }
      />
      <UsageDashboard data={data} showKeys showOrganization={isStaff && !partnerId} apiOrigin={await requestOrigin()} />
    </>
  );
}
