import 'server-only';
import type { z } from 'zod';
import { and, eq, gte, sql } from 'drizzle-orm';
import { db as portalDb, type Database } from '@/db';
import { alerts, apiKeys, apis, developerDocs, partners, usageDailyKeys, users } from '@/db/schema';
import { performAction } from '@/lib/actions/execute-action';
import type { ActionSpec } from '@/lib/actions/action-spec';
import { loadActor, type UserActor } from '@/lib/auth/actor';
import { createApiSpec, createEndpointSpec } from '@/lib/catalog/manage-catalog';
import { createDocSpec } from '@/lib/docs/save-doc';
import { newAlertId } from '@/lib/alerts/alert-id';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { approvePartnerSpec } from '@/lib/partners/approve-partner';
import { findEnvironment } from '@/lib/secrets/environments';
import { revealSecretSpec } from '@/lib/secrets/read-secrets';
import { findSecretByName } from '@/lib/secrets/secret-store';
import { createSecretSpec, updateSecretSpec } from '@/lib/secrets/write-secrets';
import { startOfMonth } from '@/lib/usage/request-record';
import { demoLoginsOf, ensureDemoAccounts, type DemoLogin, type DemoOrganization, type DemoUser } from './demo-data';
import { fillMonthlyUsage, writeDemoTraffic } from './demo-traffic';

/**
 * The living demo: what a newcomer sees on first sign-in after `npm run dev` (never `npm start`). Both
 * demo organizations active and a third awaiting approval, keys of both environments with different
 * scopes and limits (one nearing its monthly quota), 14 days of traffic written through the metering flush,
 * secrets with versions and access-log entries, a raised and a resolved alert, a deprecated endpoint with a
 * sunset date and a partner-only doc. Everything goes through the same action specs as the portal's forms
 * (so it is audited like real work), and each part is skipped when it exists: it runs on every start.
 */

const showcaseOrgs: DemoOrganization[] = [{ slug: 'initech', name: 'Initech', status: 'pending' }];
const showcaseUsers: DemoUser[] = [{ email: 'ian@initech.test', name: 'Ian Initech', org: { slug: 'initech', role: 'partner_admin' } }];

export const NEAR_QUOTA_KEY = { name: 'Nightly sync', quota: 2_000, usedShare: 0.86 };

/** What an extra seeder (an example product API, say) gets: the actors and keys of the demo, and traffic writing. */
export interface DemoSeedContext {
  db: Database;
  admin: UserActor;
  acmeAdmin: UserActor;
  globexAdmin: UserActor;
  /** Demo keys by name, per organization slug. */
  keys: Map<string, { id: string; partnerId: string }>;
  writeTraffic: typeof writeDemoTraffic;
}

export type DemoSeeder = (context: DemoSeedContext) => Promise<void>;

export interface DemoShowcaseOptions {
  /** Extra seeders run after the demo's own parts, in order (e.g. an example API's catalog and traffic). */
  extraSeeders?: DemoSeeder[];
  now?: number;
}

const meta = { ip: null, userAgent: 'demo seed' };

function run<TSchema extends z.ZodType, TResult, TData>(
  spec: ActionSpec<TSchema, TResult, TData>,
  input: Record<string, unknown>,
  actor: UserActor,
): Promise<TResult> {
  return performAction(spec, input, { actor, meta });
}

async function actorOf(db: Database, email: string): Promise<UserActor> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const actor = user ? await loadActor(db, user.id) : null;
  if (!actor) throw new Error(`the demo login ${email} is missing: run the login seed first`);
  return actor;
}

interface DemoKeySpec {
  name: string;
  environment: 'test' | 'live';
  scopes: string[];
  rateLimitPerMinute?: number;
  monthlyQuota?: number;
  /** Share of the organization's traffic. */
  weight: number;
}

const acmeKeys: DemoKeySpec[] = [
  {
    name: 'Production backend',
    environment: 'live',
    scopes: ['catalog:read', 'docs:read', 'usage:read'],
    rateLimitPerMinute: 600,
    monthlyQuota: 80_000,
    weight: 6,
  },
  { name: 'Checkout service', environment: 'live', scopes: ['catalog:read', 'docs:read'], rateLimitPerMinute: 300, weight: 3 },
  { name: 'CI pipeline', environment: 'test', scopes: ['catalog:read', 'docs:read', 'secrets:read'], rateLimitPerMinute: 60, weight: 1.5 },
  { name: 'Local development', environment: 'test', scopes: ['catalog:read', 'docs:read', 'usage:read', 'keys:write'], rateLimitPerMinute: 120, weight: 1 },
  {
    name: NEAR_QUOTA_KEY.name,
    environment: 'test',
    scopes: ['catalog:read', 'usage:read'],
    rateLimitPerMinute: 30,
    monthlyQuota: NEAR_QUOTA_KEY.quota,
    weight: 0,
  },
];
const globexKeys: DemoKeySpec[] = [
  { name: 'Globex storefront', environment: 'live', scopes: ['catalog:read', 'docs:read'], rateLimitPerMinute: 240, weight: 3 },
  { name: 'Globex sandbox', environment: 'test', scopes: ['catalog:read', 'docs:read', 'usage:read'], weight: 1 },
];

async function ensureKeys(db: Database, actor: UserActor, partnerId: string, specs: DemoKeySpec[]) {
  const out = new Map<string, { id: string; partnerId: string; weight: number }>();
  for (const spec of specs) {
    const [existing] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.partnerId, partnerId), eq(apiKeys.keyName, spec.name)));
    const id = existing?.id ?? (await run(createKeySpec, { ...spec, weight: undefined, ipAllowlist: [], secretEnvironments: [] }, actor)).key.id;
    out.set(spec.name, { id, partnerId, weight: spec.weight });
  }
  return out;
}

const secretPlan: { environment: string; name: string; kind: 'env_var' | 'api_key'; versions: string[] }[] = [
  { environment: 'development', name: 'DATABASE_URL', kind: 'env_var', versions: ['postgres://dev:dev@localhost:5432/shop'] },
  { environment: 'development', name: 'STRIPE_API_KEY', kind: 'api_key', versions: ['sk_test_demo_4eC39HqLyjWDarjtT1zdp7dc'] },
  { environment: 'staging', name: 'DATABASE_URL', kind: 'env_var', versions: ['postgres://app@staging-db:5432/shop', 'postgres://app@staging-db-2:5432/shop'] },
  { environment: 'staging', name: 'SENDGRID_API_KEY', kind: 'api_key', versions: ['SG.demo-staging-one', 'SG.demo-staging-two'] },
  {
    environment: 'production',
    name: 'DATABASE_URL',
    kind: 'env_var',
    versions: ['postgres://app@prod-db:5432/shop', 'postgres://app@prod-db:6432/shop?pool=true', 'postgres://app@prod-db-primary:6432/shop?pool=true'],
  },
  { environment: 'production', name: 'STRIPE_API_KEY', kind: 'api_key', versions: ['sk_live_demo_one', 'sk_live_demo_two'] },
  { environment: 'production', name: 'FEATURE_FLAGS', kind: 'env_var', versions: ['checkout-v2=on'] },
];

async function ensureSecrets(db: Database, actor: UserActor, partnerId: string) {
  for (const plan of secretPlan) {
    const environment = await findEnvironment(db, partnerId, plan.environment);
    if (await findSecretByName(db, environment.id, plan.name)) continue;
    const created = await run(createSecretSpec, { environment: plan.environment, name: plan.name, kind: plan.kind, value: plan.versions[0] }, actor);
    for (const value of plan.versions.slice(1)) await run(updateSecretSpec, { secretId: created.id, value }, actor);
    // Someone looked at it: an access-log entry besides the writes.
    await run(revealSecretSpec, { secretId: created.id }, actor);
  }
}

type DemoAlert = Omit<typeof alerts.$inferInsert, 'id' | 'partnerId'>;

/** As the evaluator writes them (lib/alerts/evaluate-alerts.ts); only into an organization without any. */
async function ensureAlerts(db: Database, partnerId: string, list: DemoAlert[]) {
  const [any] = await db.select({ id: alerts.id }).from(alerts).where(eq(alerts.partnerId, partnerId)).limit(1);
  if (any) return;
  await db.insert(alerts).values(list.map((alert) => ({ ...alert, id: newAlertId(), partnerId })));
}

const HOUR = 3_600_000;

/** A spike three days ago that passed, and the quota warning that holds now. */
const acmeAlerts = (nearQuotaKeyId: string, now: number): DemoAlert[] => [
  {
    apiKeyId: null,
    kind: 'traffic_spike',
    message: 'Traffic spike: 1,240 requests in the last 5 minutes, 4.1× the usual rate.',
    triggeredAt: new Date(now - 72 * HOUR),
    resolvedAt: new Date(now - 72 * HOUR + 0.75 * HOUR),
  },
  {
    apiKeyId: nearQuotaKeyId,
    kind: 'quota_80',
    message: `${NEAR_QUOTA_KEY.name} has used ${Math.round(NEAR_QUOTA_KEY.usedShare * 100)}% of its monthly quota (${NEAR_QUOTA_KEY.quota.toLocaleString('en-US')} requests).`,
    triggeredAt: new Date(now - 2 * HOUR),
    resolvedAt: null,
  },
];

const globexAlerts = (now: number): DemoAlert[] => [
  {
    apiKeyId: null,
    kind: 'error_rate',
    message: 'Error rate 12.5% over the last 15 minutes (5xx and 4xx other than 404).',
    triggeredAt: new Date(now - 30 * HOUR),
    resolvedAt: new Date(now - 29 * HOUR),
  },
];

const LEGACY_API = { name: 'Orders API', slug: 'orders', version: 'v1' };

async function ensureDeprecatedEndpoint(db: Database, admin: UserActor, now: number) {
  const [existing] = await db
    .select({ id: apis.id })
    .from(apis)
    .where(and(eq(apis.slug, LEGACY_API.slug), eq(apis.version, LEGACY_API.version)));
  if (existing) return;
  const api = await run(
    createApiSpec,
    { ...LEGACY_API, description: 'Orders placed through partner storefronts. Version 1 is being replaced; see the changelog.' },
    admin,
  );
  await run(createEndpointSpec, { apiId: api.id, method: 'GET', path: '/orders', description: 'Lists recent orders.', requiredScope: 'catalog:read' }, admin);
  await run(
    createEndpointSpec,
    { apiId: api.id, method: 'GET', path: '/orders/{id}', description: 'One order with its lines.', requiredScope: 'catalog:read' },
    admin,
  );
  await run(
    createEndpointSpec,
    {
      apiId: api.id,
      method: 'GET',
      path: '/orders/{id}/invoice.pdf',
      description: 'The invoice as a PDF. Deprecated: use the `invoiceUrl` of the order instead.',
      requiredScope: 'catalog:read',
      status: 'deprecated',
      sunsetAt: new Date(now + 90 * 86_400_000).toISOString(),
    },
    admin,
  );
}

const PARTNER_DOC = {
  slug: 'launch-checklist',
  title: 'Launch checklist for partners',
  content: `Before you switch a storefront to live keys, run through this list with your team.

## Keys
- [ ] A **live** key per service, each with only the scopes it needs
- [ ] An IP allowlist on every live key that runs on fixed servers
- [ ] A rotation date in your calendar (rotate with a grace period: nothing breaks)

## Monitoring
- [ ] An alert webhook on the **Alerts** page
- [ ] A look at the error rate on **Usage** after the first hour of traffic

## Support
Write to your partner manager with your organization name and a request id from the request explorer.
`,
};

async function ensurePartnerDoc(db: Database, admin: UserActor) {
  const [existing] = await db
    .select({ id: developerDocs.id })
    .from(developerDocs)
    .where(and(eq(developerDocs.slug, PARTNER_DOC.slug), eq(developerDocs.apiVersion, 'v1')));
  if (existing) return;
  await run(createDocSpec, { ...PARTNER_DOC, apiVersion: 'v1', intent: 'publish' }, admin);
}

async function billableThisMonth(db: Database, keyId: string, now: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<string>`coalesce(sum(${usageDailyKeys.billableCount}), 0)` })
    .from(usageDailyKeys)
    .where(and(eq(usageDailyKeys.apiKeyId, keyId), gte(usageDailyKeys.day, startOfMonth(now))));
  return Number(row?.n ?? 0);
}

/**
 * Seeds the showcase into the process's database (the action specs write through `@/db`): call it after
 * `seedDemoData`. Returns the logins it adds.
 */
export async function seedDemoShowcase(options: DemoShowcaseOptions = {}): Promise<DemoLogin[]> {
  const db = portalDb;
  const now = options.now ?? Date.now();
  await ensureDemoAccounts(db, showcaseOrgs, showcaseUsers);
  const admin = await actorOf(db, 'admin@portal.test');
  const [globex] = await db.select({ id: partners.id, status: partners.status }).from(partners).where(eq(partners.slug, 'globex'));
  if (globex?.status === 'pending') await run(approvePartnerSpec, { partnerId: globex.id }, admin);

  const acmeAdmin = await actorOf(db, 'alice@acme.test');
  const globexAdmin = await actorOf(db, 'gina@globex.test');
  const acmeId = acmeAdmin.membership!.partnerId;
  const globexId = globexAdmin.membership!.partnerId;

  const acme = await ensureKeys(db, acmeAdmin, acmeId, acmeKeys);
  const globexKeyMap = await ensureKeys(db, globexAdmin, globexId, globexKeys);

  const traffic = (keys: Map<string, { id: string; partnerId: string; weight: number }>) => [...keys.values()].filter((k) => k.weight > 0);
  await writeDemoTraffic({ name: 'acme', keys: traffic(acme), perDay: 300, days: 14, seed: 11 }, now);
  await writeDemoTraffic({ name: 'globex', keys: traffic(globexKeyMap), perDay: 100, days: 14, seed: 23 }, now);
  const nearQuota = acme.get(NEAR_QUOTA_KEY.name)!;
  await fillMonthlyUsage(
    'acme-nightly-sync',
    nearQuota,
    await billableThisMonth(db, nearQuota.id, now),
    Math.round(NEAR_QUOTA_KEY.quota * NEAR_QUOTA_KEY.usedShare),
    now,
  );

  await ensureSecrets(db, acmeAdmin, acmeId);
  await ensureSecrets(db, globexAdmin, globexId);
  await ensureAlerts(db, acmeId, acmeAlerts(nearQuota.id, now));
  await ensureAlerts(db, globexId, globexAlerts(now));
  await ensureDeprecatedEndpoint(db, admin, now);
  await ensurePartnerDoc(db, admin);

  const keys = new Map<string, { id: string; partnerId: string }>();
  for (const [name, key] of [...acme, ...globexKeyMap]) keys.set(name, { id: key.id, partnerId: key.partnerId });
  const context: DemoSeedContext = { db, admin, acmeAdmin, globexAdmin, keys, writeTraffic: writeDemoTraffic };
  for (const seeder of options.extraSeeders ?? []) await seeder(context);
  return demoLoginsOf(showcaseOrgs, showcaseUsers);
}
