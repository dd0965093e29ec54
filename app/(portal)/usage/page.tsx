import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { db } from '@/db';
import { ownScope } from '@/components/shell/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/policy';
import { requirePortalActor } from '@/lib/auth/require-portal-actor';
import { NotFoundError } from '@/lib/errors';
import { usageDashboardData } from '@/lib/usage/analytics';
import { parsePageRange } from '@/lib/usage/analytics/range';
import { usageOrganizationOptions } from '@/lib/usage/analytics/organizations';
import { requestOrigin } from './_components/api-origin';
import { UsageDashboard } from './_components/usage-dashboard';
import { UsageFilters } from './_components/usage-filters';

export const metadata: Metadata = { title: 'Usage' };

const rangeWords = { '24h': 'the last 24 hours', '7d': 'the last 7 days', '30d': 'the last 30 days' } as const;

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePortalActor();
  if (!can(actor, 'usage.read', ownScope(actor))) notFound();

  const params = await searchParams;
  const isStaff = actor.staffRole !== null;
  const range = parsePageRange(params, new Date());
  const organizations = isStaff ? await usageOrganizationOptions(db, actor) : undefined;
  // Staff choose an organization (or all) in the URL; a partner user always sees their own.
  const chosen = typeof params.org === 'string' && params.org ? params.org : null;
  if (isStaff && chosen && !organizations!.some((o) => o.id === chosen)) notFound();
  const partnerId = isStaff ? chosen : actor.membership!.partnerId;
  const orgName = isStaff ? (organizations!.find((o) => o.id === chosen)?.name ?? 'All organizations') : actor.membership!.partnerName;

  let data;
  try {
    data = await usageDashboardData(db, actor, { partnerId }, range.range);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const when =
    range.choice === 'custom' && !range.error ? `${range.fromDay} to ${range.toDay} (UTC)` : rangeWords[range.choice === 'custom' ? '24h' : range.choice];

  return (
    <>
      <PageHeader title="Usage" description={`${orgName}: requests, errors and latency over ${when}.`} />
      <UsageFilters basePath="/usage" range={range} organizations={organizations} partnerId={partnerId} />
      <UsageDashboard data={data} showKeys showOrganization={isStaff && !chosen} apiOrigin={await requestOrigin()} />
    </>
  );
}
