import 'server-only';
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { apiKeys, LATENCY_BUCKETS_MS, partners, usageLogs } from '@/db/schema';
import { startOfMonth, startOfNextMonth } from '../request-record';
import { latencyPercentiles, type LatencyHistogram, type LatencyPercentiles } from './percentiles';
import { bucketStarts, granularities, type UsageRange } from './range';

/**
 * The SQL of the usage analytics, for a filter that is already authorized (see `lib/usage/analytics.ts`).
 * Every query is aggregated in Postgres; the WHERE clause always starts with the organization or the key
 * and a time range on `occurred_at`, so that it runs on `usage_logs_partner_time_idx`,
 * `usage_logs_key_time_idx` or (all organizations) `usage_logs_time_idx`.
 */
export interface UsageFilter {
  /** Null: every organization (staff). */
  partnerId: string | null;
  apiKeyId?: string;
  /** A route pattern, e.g. `/api/v1/me`. */
  endpoint?: string;
}

export const statusClasses = ['2xx', '3xx', '4xx', '5xx'] as const;
export type StatusClass = (typeof statusClasses)[number];
export type StatusClassCounts = Record<StatusClass, number>;

function where(filter: UsageFilter, from: Date, to: Date): SQL {
  const conditions: SQL[] = [];
  // A key belongs to one organization: its own index is the narrower one.
  if (filter.apiKeyId) conditions.push(eq(usageLogs.apiKeyId, filter.apiKeyId));
  else if (filter.partnerId) conditions.push(eq(usageLogs.partnerId, filter.partnerId));
  conditions.push(gte(usageLogs.occurredAt, from), lt(usageLogs.occurredAt, to));
  if (filter.endpoint) conditions.push(eq(usageLogs.endpoint, filter.endpoint));
  return and(...conditions)!;
}

const requests = sql<string>`coalesce(sum(${usageLogs.requestCount}), 0)`;
// An error is any 4xx or 5xx answer, refusals by the guard (401, 403, 429) included.
const errors = sql<string>`coalesce(sum(${usageLogs.requestCount}) filter (where ${usageLogs.statusCode} >= 400), 0)`;
const classCount = (low: number) => sql<string>`coalesce(sum(${usageLogs.requestCount}) filter (where ${usageLogs.statusCode} >= ${sql.raw(String(low))} and ${usageLogs.statusCode} < ${sql.raw(String(low + 100))}), 0)`;
const classColumns = { c2xx: classCount(200), c3xx: classCount(300), c4xx: classCount(400), c5xx: classCount(500) };
const histogramColumns = Object.fromEntries(
  Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, b) => [`l${b}`, sql<string>`coalesce(sum(${usageLogs[`l${b}` as 'l0']}), 0)`]),
) as Record<`l${number}`, SQL<string>>;
const latencyMax = sql<number | null>`max(${usageLogs.latencyMaxMs})`;
// The unit is inlined (one of three literals), so that the select and the GROUP BY are the same expression.
const bucketOf = (range: UsageRange) => {
  if (!granularities.includes(range.granularity)) throw new Error(`unknown granularity ${String(range.granularity)}`);
  return sql<Date>`date_trunc('${sql.raw(range.granularity)}', ${usageLogs.occurredAt}, 'UTC')`;
};

function histogramOf(row: Record<string, unknown>): LatencyHistogram {
  return Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, b) => Number(row[`l${b}`] ?? 0));
}

function classesOf(row: { c2xx: string; c3xx: string; c4xx: string; c5xx: string }): StatusClassCounts {
  return { '2xx': Number(row.c2xx), '3xx': Number(row.c3xx), '4xx': Number(row.c4xx), '5xx': Number(row.c5xx) };
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

export interface StatusClassPoint extends StatusClassCounts {
  at: Date;
}
export interface ErrorRatePoint {
  at: Date;
  requests: number;
  errors: number;
  /** errors / requests, 0..1; 0 without requests. */
  errorRate: number;
}
export interface LatencyPoint extends LatencyPercentiles {
  at: Date;
}
export interface UsageSeriesPoint extends LatencyPercentiles {
  at: Date;
  requests: number;
  errors: number;
  statusClasses: StatusClassCounts;
}

/** Fills the buckets without traffic with `empty`, in time order. */
function filled<T>(range: UsageRange, rows: Map<number, T>, empty: (at: Date) => T): T[] {
  return bucketStarts(range).map((at) => rows.get(at.getTime()) ?? empty(at));
}

/** (a) Requests per bucket by status class. */
export async function queryRequestsByStatusClass(db: Queryable, filter: UsageFilter, range: UsageRange): Promise<StatusClassPoint[]> {
  const at = bucketOf(range);
  const rows = await db.select({ at, ...classColumns }).from(usageLogs).where(where(filter, range.from, range.to)).groupBy(at);
  const byBucket = new Map(rows.map((r) => [asDate(r.at).getTime(), { at: asDate(r.at), ...classesOf(r) }]));
  return filled(range, byBucket, (when) => ({ at: when, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }));
}

/** (b) Requests, errors and the error rate per bucket. */
export async function queryErrorRate(db: Queryable, filter: UsageFilter, range: UsageRange): Promise<ErrorRatePoint[]> {
  const at = bucketOf(range);
  const rows = await db.select({ at, requests, errors }).from(usageLogs).where(where(filter, range.from, range.to)).groupBy(at);
  const byBucket = new Map(
    rows.map((r) => {
      const n = Number(r.requests);
      const e = Number(r.errors);
      return [asDate(r.at).getTime(), { at: asDate(r.at), requests: n, errors: e, errorRate: rate(e, n) }];
    }),
  );
  return filled(range, byBucket, (when) => ({ at: when, requests: 0, errors: 0, errorRate: 0 }));
}

/** (c) Latency percentiles per bucket, from the summed histogram (null where there was no request). */
export async function queryLatency(db: Queryable, filter: UsageFilter, range: UsageRange): Promise<LatencyPoint[]> {
  const at = bucketOf(range);
  const rows = await db.select({ at, max: latencyMax, ...histogramColumns }).from(usageLogs).where(where(filter, range.from, range.to)).groupBy(at);
  const byBucket = new Map(rows.map((r) => [asDate(r.at).getTime(), { at: asDate(r.at), ...latencyPercentiles(histogramOf(r), r.max) }]));
  return filled(range, byBucket, (when) => ({ at: when, p50: null, p95: null, p99: null }));
}

/** (a), (b) and (c) from one scan: what `GET /api/v1/usage` answers and the dashboard draws. */
export async function queryUsageSeries(db: Queryable, filter: UsageFilter, range: UsageRange): Promise<UsageSeriesPoint[]> {
  const at = bucketOf(range);
  const rows = await db
    .select({ at, requests, errors, ...classColumns, max: latencyMax, ...histogramColumns })
    .from(usageLogs)
    .where(where(filter, range.from, range.to))
    .groupBy(at);
  const byBucket = new Map(
    rows.map((r) => [
      asDate(r.at).getTime(),
      { at: asDate(r.at), requests: Number(r.requests), errors: Number(r.errors), statusClasses: classesOf(r), ...latencyPercentiles(histogramOf(r), r.max) },
    ]),
  );
  return filled(range, byBucket, (when) => ({ at: when, requests: 0, errors: 0, statusClasses: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }, p50: null, p95: null, p99: null }));
}

export interface TopEndpoint {
  method: string;
  endpoint: string;
  requests: number;
  errors: number;
  errorRate: number;
  p95: number | null;
}

/** (d) The busiest endpoints (method and route pattern) of the range. */
export async function queryTopEndpoints(db: Queryable, filter: UsageFilter, range: UsageRange, limit = 10): Promise<TopEndpoint[]> {
  const rows = await db
    .select({ method: usageLogs.method, endpoint: usageLogs.endpoint, requests, errors, max: latencyMax, ...histogramColumns })
    .from(usageLogs)
    .where(where(filter, range.from, range.to))
    .groupBy(usageLogs.method, usageLogs.endpoint)
    .orderBy(sql`${requests} desc`, usageLogs.endpoint, usageLogs.method)
    .limit(limit);
  return rows.map((r) => {
    const n = Number(r.requests);
    const e = Number(r.errors);
    return { method: r.method, endpoint: r.endpoint, requests: n, errors: e, errorRate: rate(e, n), p95: latencyPercentiles(histogramOf(r), r.max).p95 };
  });
}

export interface TopKey {
  apiKeyId: string;
  keyName: string;
  tokenPrefix: string;
  partnerId: string;
  partnerName: string;
  requests: number;
  errors: number;
  errorRate: number;
  /** The minute of its latest request in the range. */
  lastSeenAt: Date;
}

/** (e) The busiest keys of the range. Aggregated first, then joined, so only `limit` keys are looked up. */
export async function queryTopKeys(db: Queryable, filter: UsageFilter, range: UsageRange, limit = 10): Promise<TopKey[]> {
  const usage = db
    .select({ apiKeyId: sql<string>`${usageLogs.apiKeyId}`.as('usage_key_id'), requests: sql<string>`${requests}`.as('requests'), errors: sql<string>`${errors}`.as('errors'), lastSeenAt: sql<Date>`max(${usageLogs.occurredAt})`.as('last_seen_at') })
    .from(usageLogs)
    .where(where(filter, range.from, range.to))
    .groupBy(usageLogs.apiKeyId)
    .orderBy(sql`2 desc`, usageLogs.apiKeyId)
    .limit(limit)
    .as('usage');
  const rows = await db
    .select({ apiKeyId: usage.apiKeyId, requests: usage.requests, errors: usage.errors, lastSeenAt: usage.lastSeenAt, keyName: apiKeys.keyName, tokenPrefix: apiKeys.tokenPrefix, partnerId: apiKeys.partnerId, partnerName: partners.name })
    .from(usage)
    .innerJoin(apiKeys, eq(apiKeys.id, usage.apiKeyId))
    .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
    .orderBy(sql`${usage.requests} desc`, usage.apiKeyId);
  return rows.map((r) => {
    const n = Number(r.requests);
    const e = Number(r.errors);
    return { ...r, requests: n, errors: e, errorRate: rate(e, n), lastSeenAt: asDate(r.lastSeenAt) };
  });
}

export interface KeyQuotaUse {
  apiKeyId: string;
  keyName: string;
  tokenPrefix: string;
  partnerId: string;
  partnerName: string;
  /** Billable requests this UTC month. */
  used: number;
  /** The key's monthly quota, or its organization's default. */
  quota: number;
  /** used / quota × 100, rounded to 0.1. */
  percent: number;
}

/**
 * (f) Quota use this UTC month of the scope's keys that are not revoked (or were used this month), the
 * fullest first. Independent of the range: quotas are monthly.
 */
export async function queryQuotaUse(db: Queryable, filter: Omit<UsageFilter, 'endpoint'>, now: Date, limit = 20): Promise<KeyQuotaUse[]> {
  const from = startOfMonth(now.getTime());
  const to = startOfNextMonth(now.getTime());
  const used = db
    .select({ apiKeyId: sql<string>`${usageLogs.apiKeyId}`.as('used_key_id'), used: sql<string>`sum(${usageLogs.billableCount})`.as('used') })
    .from(usageLogs)
    .where(where(filter, from, to))
    .groupBy(usageLogs.apiKeyId)
    .as('used');
  const quota = sql<number>`coalesce(${apiKeys.monthlyQuota}, ${partners.defaultMonthlyQuota})`;
  const usedCount = sql<string>`coalesce(${used.used}, 0)`;
  const keyConditions: SQL[] = [sql`(${apiKeys.revokedAt} is null or ${used.used} is not null)`];
  if (filter.apiKeyId) keyConditions.push(eq(apiKeys.id, filter.apiKeyId));
  else if (filter.partnerId) keyConditions.push(eq(apiKeys.partnerId, filter.partnerId));
  const rows = await db
    .select({ apiKeyId: apiKeys.id, keyName: apiKeys.keyName, tokenPrefix: apiKeys.tokenPrefix, partnerId: apiKeys.partnerId, partnerName: partners.name, used: usedCount, quota })
    .from(apiKeys)
    .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
    .leftJoin(used, eq(used.apiKeyId, apiKeys.id))
    .where(and(...keyConditions))
    .orderBy(sql`${usedCount}::float8 / ${quota} desc`, sql`${usedCount} desc`, apiKeys.keyName, apiKeys.id)
    .limit(limit);
  return rows.map((r) => {
    const n = Number(r.used);
    const q = Number(r.quota);
    return { ...r, used: n, quota: q, percent: Math.round(rate(n, q) * 1000) / 10 };
  });
}

export interface UsageTotals extends LatencyPercentiles {
  requests: number;
  errors: number;
  errorRate: number;
  statusClasses: StatusClassCounts;
  /** Mean latency (ms), rounded to 0.1; null without requests. */
  averageLatencyMs: number | null;
}

/** (g) The range's totals. */
export async function queryTotals(db: Queryable, filter: UsageFilter, range: UsageRange): Promise<UsageTotals> {
  const [row] = await db
    .select({ requests, errors, ...classColumns, latencySum: sql<string>`coalesce(sum(${usageLogs.latencySumMs}), 0)`, max: latencyMax, ...histogramColumns })
    .from(usageLogs)
    .where(where(filter, range.from, range.to));
  const n = Number(row?.requests ?? 0);
  const e = Number(row?.errors ?? 0);
  return {
    requests: n,
    errors: e,
    errorRate: rate(e, n),
    statusClasses: row ? classesOf(row) : { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    averageLatencyMs: n > 0 ? Math.round((Number(row!.latencySum) / n) * 10) / 10 : null,
    ...(row ? latencyPercentiles(histogramOf(row), row.max) : { p50: null, p95: null, p99: null }),
  };
}

/** The organization of a key, or null when there is no such key. */
export async function keyPartnerId(db: Queryable, apiKeyId: string): Promise<string | null> {
  const [row] = await db.select({ partnerId: apiKeys.partnerId }).from(apiKeys).where(eq(apiKeys.id, apiKeyId)).limit(1);
  return row?.partnerId ?? null;
}
