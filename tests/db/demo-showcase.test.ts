import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { alerts, apiKeys, developerDocs, endpoints, partners, requestLogs, accessLogs, secretVersions, usageHourly, users } from '@/db/schema';
import { listAlerts } from '@/lib/alerts/list-alerts';
import { loadActor } from '@/lib/auth/actor';
import { tenantOf } from '@/lib/auth/tenant';
import { listKeys } from '@/lib/keys/list-keys';
import { countPartnersByStatus } from '@/lib/partners/count-partners-by-status';
import { getOwnOrganization } from '@/lib/partners/get-organization-overview';
import { seedDemoData } from '@/lib/seed/demo-data';
import { NEAR_QUOTA_KEY, seedDemoShowcase } from '@/lib/seed/demo-showcase';
import { listSecrets } from '@/lib/secrets/list-secrets';
import { usageDashboardData } from '@/lib/usage/analytics';
import { presetRange } from '@/lib/usage/analytics/range';
import { listRequestLogs } from '@/lib/usage/request-explorer';

const tally = async () => {
  const n = async (table: Parameters<ReturnType<typeof db.select>['from']>[0]) => (await db.select({ n: count() }).from(table))[0]?.n;
  return {
    partners: await n(partners),
    keys: await n(apiKeys),
    requestLogs: await n(requestLogs),
    hourly: await n(usageHourly),
    secretVersions: await n(secretVersions),
    accessLogs: await n(accessLogs),
    alerts: await n(alerts),
    endpoints: await n(endpoints),
    docs: await n(developerDocs),
  };
};

async function tenantFor(email: string, staffOrg?: string) {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const actor = await loadActor(db, user!.id);
  return tenantOf(actor!, staffOrg);
}

const page = { page: 1, pageSize: 25, direction: 'desc' as const, q: '' };

describe('the living demo', () => {
  it('fills every page for every role, and a second run adds nothing', async () => {
    const started = Date.now();
    // Both runs at one moment: the demo tops up whatever days (UTC) have begun since the last run, so two
    // runs on either side of midnight rightly differ (CI once ran this at 23:59:49 and got one request more).
    const at = started;
    await seedDemoData(db);
    await seedDemoShowcase({ now: at });
    console.log(`demo seed: ${Date.now() - started} ms`);
    const once = await tally();
    await seedDemoData(db);
    await seedDemoShowcase({ now: at });
    expect(await tally()).toEqual(once);

    const statuses = await db.select({ slug: partners.slug, status: partners.status }).from(partners);
    expect(Object.fromEntries(statuses.map((p) => [p.slug, p.status]))).toEqual({ acme: 'active', globex: 'active', initech: 'pending' });
    expect(once.requestLogs).toBeGreaterThan(1_000);

    const [acme] = await db.select({ id: partners.id }).from(partners).where(eq(partners.slug, 'acme'));
    const now = new Date();
    const roles = [
      { email: 'admin@portal.test', org: acme!.id },
      { email: 'support@portal.test', org: acme!.id },
      { email: 'alice@acme.test' },
      { email: 'dave@acme.test' },
      { email: 'gina@globex.test' },
      { email: 'dan@globex.test' },
    ];
    for (const role of roles) {
      const tenant = await tenantFor(role.email, role.org);
      const label = role.email;
      // Dashboard: staff see the organizations' counts; partners their organization.
      if (tenant.isStaff) expect((await countPartnersByStatus(tenant)).pending, label).toBe(1);
      else expect((await getOwnOrganization(tenant)).status, label).toBe('active');

      const usage = await usageDashboardData(tenant, {}, presetRange('7d', now), { now });
      expect(usage.totals.requests, label).toBeGreaterThan(100);
      expect(usage.topEndpoints.length, label).toBeGreaterThan(3);
      expect(
        usage.series.some((p) => p.requests > 0),
        label,
      ).toBe(true);

      expect((await listRequestLogs(tenant, { ...page, sort: 'occurred' })).total, label).toBeGreaterThan(0);
      const keys = await listKeys(tenant, { ...page, sort: 'created' });
      expect(new Set(keys.rows.map((k) => k.environment)), label).toEqual(new Set(['test', 'live']));
      expect((await listAlerts(tenant, { ...page, sort: 'triggered' })).total, label).toBeGreaterThan(0);
      for (const environment of ['development', 'staging', 'production']) {
        expect((await listSecrets(tenant, environment, { ...page, sort: 'name' })).total, `${label} ${environment}`).toBeGreaterThan(0);
      }
    }

    // One key nears its quota, and the alerts page shows it raised beside one resolved.
    const alice = await tenantFor('alice@acme.test');
    const usage = await usageDashboardData(alice, {}, presetRange('24h', now), { now });
    const near = usage.quotaUse.find((q) => q.keyName === NEAR_QUOTA_KEY.name);
    expect(near?.percent).toBeGreaterThanOrEqual(80);
    expect(near?.percent).toBeLessThan(100);
    const listed = await listAlerts(alice, { ...page, sort: 'triggered' });
    expect(listed.rows.some((a) => a.resolvedAt === null)).toBe(true);
    expect(listed.rows.some((a) => a.resolvedAt !== null)).toBe(true);

    const [deprecated] = await db.select().from(endpoints).where(eq(endpoints.status, 'deprecated'));
    expect(deprecated?.sunsetAt?.getTime()).toBeGreaterThan(Date.now());
  }, 180_000);
});
