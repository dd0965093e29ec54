import { eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { LATENCY_BUCKETS_MS, partners, usageLogs } from '@/db/schema';
import { newId } from '@/lib/ids';
import { createCast, createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

export interface UsageRowInput {
  partnerId: string;
  apiKeyId: string;
  endpoint?: string;
  method?: string;
  statusCode: number;
  at: string;
  count: number;
  billable?: number;
  /** Bucket index → requests in it. */
  buckets: Record<number, number>;
  maxMs: number;
}

const MEASURES = [
  'request_count',
  'billable_count',
  'latency_sum_ms',
  'latency_max_ms',
  ...Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, b) => `l${b}`),
];
const SUMS = MEASURES.map((c) => (c === 'latency_max_ms' ? `max(${c})` : `sum(${c})`)).join(', ');
const CLASS = `((status_code / 100)::text || 'xx')`;

/**
 * The rollups the metering flush would have upserted along with these rows (usage_hourly, usage_daily_keys,
 * usage_daily_endpoints), grouped from `usage_logs` like the backfill of migration 0005: only the given
 * organizations, which must have no other usage.
 */
async function rollUpUsage(partnerIds: string[]) {
  const ids = sql.join(
    partnerIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const columns = sql.raw(MEASURES.join(', '));
  const sums = sql.raw(SUMS);
  const cls = sql.raw(CLASS);
  await db.execute(sql`insert into usage_hourly (id, partner_id, hour, status_class, ${columns})
    select 'uh_' || md5(partner_id || date_trunc('hour', occurred_at, 'UTC')::text || ${cls}), partner_id, date_trunc('hour', occurred_at, 'UTC'), ${cls}, ${sums}
    from usage_logs where partner_id in (${ids}) group by 2, 3, 4`);
  await db.execute(sql`insert into usage_daily_keys (id, api_key_id, partner_id, day, status_class, ${columns})
    select 'udk_' || md5(api_key_id || date_trunc('day', occurred_at, 'UTC')::text || ${cls}), api_key_id, min(partner_id), date_trunc('day', occurred_at, 'UTC'), ${cls}, ${sums}
    from usage_logs where partner_id in (${ids}) group by api_key_id, 4, 5`);
  await db.execute(sql`insert into usage_daily_endpoints (id, partner_id, endpoint, method, day, status_class, ${columns})
    select 'ude_' || md5(partner_id || endpoint || method || date_trunc('day', occurred_at, 'UTC')::text || ${cls}), partner_id, endpoint, method, date_trunc('day', occurred_at, 'UTC'), ${cls}, ${sums}
    from usage_logs where partner_id in (${ids}) group by 2, 3, 4, 5, 6`);
}

/** Per-minute rows into `usage_logs`, and their organizations' rollups (call once per set of organizations). */
export async function insertUsage(rows: UsageRowInput[]) {
  await db.insert(usageLogs).values(
    rows.map((r) => ({
      id: newId('use'),
      partnerId: r.partnerId,
      apiKeyId: r.apiKeyId,
      endpoint: r.endpoint ?? '/api/v1/me',
      method: r.method ?? 'GET',
      statusCode: r.statusCode,
      occurredAt: new Date(r.at),
      requestCount: r.count,
      billableCount: r.billable ?? r.count,
      latencySumMs: r.maxMs * r.count * 0.5,
      latencyMaxMs: r.maxMs,
      ...Object.fromEntries(Object.entries(r.buckets).map(([b, n]) => [`l${b}`, n])),
    })),
  );
  await rollUpUsage([...new Set(rows.map((r) => r.partnerId))]);
}

export const RANGE = { from: new Date('2025-03-10T10:00:00Z'), to: new Date('2025-03-10T13:00:00Z'), granularity: 'hour' as const };
export const NOW = new Date('2025-03-15T08:00:00Z');

/**
 * A known data set: org A (the cast's org) with keys k1 (quota 1000) and k2 (org default 300), org B with kb.
 * In RANGE, org A has 135 requests: 2xx 98, 3xx 2, 4xx 30, 5xx 5.
 */
export async function seedKnownUsage() {
  const cast = await createCast();
  const orgB = await createOrg({ name: 'Other Org' });
  await db.update(partners).set({ monthlyQuota: 300 }).where(eq(partners.id, cast.org.id));
  const [k1, k2, kb] = await Promise.all([
    issueKey(cast.org.id, { name: 'k1 busy', monthlyQuota: 1000, scopes: ['usage:read'] }),
    issueKey(cast.org.id, { name: 'k2 quiet' }),
    issueKey(orgB.id, { name: 'kb foreign', scopes: ['usage:read'] }),
  ]);
  const a = cast.org.id;
  await insertUsage([
    { partnerId: a, apiKeyId: k1.key.id, statusCode: 200, at: '2025-03-10T10:05:00Z', count: 50, buckets: { 0: 50 }, maxMs: 4 },
    { partnerId: a, apiKeyId: k1.key.id, statusCode: 304, at: '2025-03-10T10:30:00Z', count: 2, buckets: { 0: 2 }, maxMs: 2 },
    { partnerId: a, apiKeyId: k2.key.id, statusCode: 200, at: '2025-03-10T10:00:00Z', count: 3, buckets: { 0: 3 }, maxMs: 3 },
    { partnerId: a, apiKeyId: k1.key.id, statusCode: 200, at: '2025-03-10T11:10:00Z', count: 45, buckets: { 3: 45 }, maxMs: 40 },
    { partnerId: a, apiKeyId: k1.key.id, endpoint: '/api/v1/keys', statusCode: 500, at: '2025-03-10T11:10:00Z', count: 5, buckets: { 6: 5 }, maxMs: 400 },
    { partnerId: a, apiKeyId: k1.key.id, statusCode: 429, at: '2025-03-10T12:00:00Z', count: 20, billable: 0, buckets: { 0: 20 }, maxMs: 1 },
    { partnerId: a, apiKeyId: k1.key.id, endpoint: '/api/v1/keys', statusCode: 404, at: '2025-03-10T12:59:00Z', count: 10, buckets: { 1: 10 }, maxMs: 8 },
    // At the range's end (exclusive): not in the range, but in the month's quota.
    { partnerId: a, apiKeyId: k1.key.id, statusCode: 200, at: '2025-03-10T13:00:00Z', count: 7, buckets: { 0: 7 }, maxMs: 2 },
    // Last month: not in this month's quota.
    { partnerId: a, apiKeyId: k1.key.id, statusCode: 200, at: '2025-02-28T23:59:00Z', count: 500, buckets: { 0: 500 }, maxMs: 2 },
    { partnerId: orgB.id, apiKeyId: kb.key.id, statusCode: 200, at: '2025-03-10T10:00:00Z', count: 1000, buckets: { 0: 1000 }, maxMs: 5 },
  ]);
  return { ...cast, orgB, k1, k2, kb };
}
