import { can } from '@/lib/auth/policy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { narrowTenant } from '@/lib/auth/tenant';
import { usageDashboardData } from '@/lib/usage/analytics';
import { parsePageRange } from '@/lib/usage/analytics/range';
import { requestOrigin } from '../../usage/_components/api-origin';
import { UsageDashboard } from '../../usage/_components/usage-dashboard';
import { UsageFilters } from '../../usage/_components/usage-filters';

/** The key page's traffic section: the usage page's charts and tables, for this key only. */
export async function KeyTraffic({
  keyId,
  partnerId,
  searchParams,
}: {
  keyId: string;
  partnerId: string;
  searchParams: Record<string, string | string[] | undefined>;
}) {
  // The key's organization: the page has already shown that the key is the viewer's to see.
  const tenant = narrowTenant(await requireTenant(), partnerId);
  if (!can(tenant.actor, 'usage.read', { partnerId })) return <p className="text-sm text-zinc-600">Your role cannot see this key’s usage.</p>;
  const range = parsePageRange(searchParams, new Date());
  const data = await usageDashboardData(tenant, { apiKeyId: keyId }, range.range);
  return (
    <>
      <UsageFilters basePath={`/keys/${keyId}`} range={range} />
      <UsageDashboard data={data} showKeys={false} showOrganization={false} apiOrigin={await requestOrigin()} idPrefix="key-usage" />
    </>
  );
}
