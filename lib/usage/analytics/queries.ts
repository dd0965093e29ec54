import 'server-only';
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { apiKeys, LATENCY_BUCKETS_MS, partners, usageDailyEndpoints, usageDailyKeys, usageHourly, usageLogs } from '@/db/schema';
import { startOfMonth, startOfNextMonth } from '../request-record';
import { latencyPercentiles, type LatencyHistogram, type LatencyPercentiles } from './percentiles';
import { bucketStarts, granularities, type UsageRange } from './range';

/**
 * The SQL of the usage analytics, for a filter that is already authorized (see `lib/usage/analytics.ts`).
 * Every query is aggregated in Postgres, from the smallest table that answers it exactly enough:
 *
 * - series and totals of an organization or of all, at hour granularity: `usage_hourly` (the range's ends
 *   are rounded out to whole hours); at day granularity the whole UTC days inside the range come from
 *   `usage_daily_keys` (a day of an organization is the sum of its keys' days: ~2.3 × fewer rows than its
 *   hours over all organizations) and the hours of the partial first and last days from `usage_hourly`, so
 *   the result is the same as summing hours;
 * - series and totals of one key at day granularity: `usage_daily_keys` (whole UTC days);
 * - top keys at hour or day granularity (ranges over 6 h: 24 h, 7 d, 30 d), and quota use this month:
 *   `usage_daily_keys` (whole UTC days);
 * - top endpoints at hour or day granularity (ranges over 6 h): `usage_daily_endpoints`, over whole UTC days:
 *   the first and the last day of the range count entirely (a 24 h ranking covers the two UTC days it
 *   touches: a ranking over hours would read ~2 M per-minute rows at 100 M requests a month, over a second);
 * - everything else reads the per-minute `usage_logs`: minute granularity, short ranges (≤ 6 h), a key at
 *   hour granularity, an `endpoint` filter, a key's top endpoints. The `/usage` page itself (no key, no
 *   endpoint, ranges of 24 h and more) reads only the rollups, plus one index probe of usage_logs per listed
 *   key for its last minute seen.
 *
 * The rollups are upserted by the metering flush in the same transaction as `usage_logs`, so they agree
 * with it. Every WHERE clause starts with the organization or the key and a time range, so that it runs
 * on the table's (partner, time) / (key, time) index or, for all organizations, its time index.
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

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Ranges up to this long read `usage_logs` whatever their granularity: they are small, and exact to the minute. */
const SHORT_RANGE_MS = 6 * HOUR_MS;

const floorTo = (at: Date, unit: number) => new Date(Math.floor(at.getTime() / unit) * unit);
const ceilTo = (at: Date, unit: number) => new Date(Math.ceil(at.getTime() / unit) * unit);

type MeasuredTable = typeof usageLogs | typeof usageHourly | typeof usageDailyKeys | typeof usageDailyEndpoints;
/** The measure columns of a rollup read through a derived table (`rollupDaysScan`), same names as a table's. */
type MeasureColumns = Record<'requestCount' | 'billableCount' | 'latencySumMs' | 'latencyMaxMs' | `l${number}`, SQL>;

/** One table to aggregate, its time column, the filter's WHERE on it, and how it tells status classes. */
interface Scan<T extends MeasuredTable = MeasuredTable> {
  table: T;
  /** What FROM reads when it is not `table` itself (a derived table whose columns are `columns`). */
  source?: SQL;
  columns?: MeasureColumns;
  time: T extends typeof usageLogs ? typeof usageLogs.occurredAt : T extends typeof usageHourly ? typeof usageHourly.hour : typeof usageDailyKeys.day;
  where: SQL;
  /** The time range actually read (rounded out to the table's unit). */
  from: Date;
  to: Date;
  isClass: (low: number) => SQL;
  isError: SQL;
}

function logsScan(filter: UsageFilter, from: Date, to: Date): Scan<typeof usageLogs> {
  const conditions: SQL[] = [];
  // A key belongs to one organization: its own index is the narrower one.
  if (filter.apiKeyId) conditions.push(eq(usageLogs.apiKeyId, filter.apiKeyId));
  else if (filter.partnerId) conditions.push(eq(usageLogs.partnerId, filter.partnerId));
  conditions.push(gte(usageLogs.occurredAt, from), lt(usageLogs.occurredAt, to));
  if (filter.endpoint) conditions.push(eq(usageLogs.endpoint, filter.endpoint));
  return {
    table: usageLogs,
    time: usageLogs.occurredAt,
    where: and(...conditions)!,
    from,
    to,
    isClass: (low) => sql`${usageLogs.statusCode} >= ${sql.raw(String(low))} and ${usageLogs.statusCode} < ${sql.raw(String(low + 100))}`,
    // An error is any 4xx or 5xx answer, refusals by the guard (401, 403, 429) included.
    isError: sql`${usageLogs.statusCode} >= 400`,
  };
}

/** The rollups keep the status class (`2xx` … `5xx`) in `status_class`. */
const rollupClasses = (column: typeof usageHourly.statusClass | typeof usageDailyKeys.statusClass | typeof usageDailyEndpoints.statusClass) => ({
  isClass: (low: number) => sql`${column} = '${sql.raw(`${low / 100}xx`)}'`,
  isError: sql`${column} in ('4xx', '5xx')`,
});

/** Per organization and hour; `partnerId: null` is every organization. The range is rounded out to whole hours. */
function hourlyScan(filter: UsageFilter, from: Date, to: Date): Scan<typeof usageHourly> {
  const start = floorTo(from, HOUR_MS);
  const end = ceilTo(to, HOUR_MS);
  const conditions: SQL[] = [];
  if (filter.partnerId) conditions.push(eq(usageHourly.partnerId, filter.partnerId));
  conditions.push(gte(usageHourly.hour, start), lt(usageHourly.hour, end));
  return { table: usageHourly, time: usageHourly.hour, where: and(...conditions)!, from: start, to: end, ...rollupClasses(usageHourly.statusClass) };
}

/** Per key and UTC day. The range is rounded out to whole UTC days. */
function dailyKeysScan(filter: Omit<UsageFilter, 'endpoint'>, from: Date, to: Date): Scan<typeof usageDailyKeys> {
  const start = floorTo(from, DAY_MS);
  const end = ceilTo(to, DAY_MS);
  const conditions: SQL[] = [];
  if (filter.apiKeyId) conditions.push(eq(usageDailyKeys.apiKeyId, filter.apiKeyId));
  else if (filter.partnerId) conditions.push(eq(usageDailyKeys.partnerId, filter.partnerId));
  conditions.push(gte(usageDailyKeys.day, start), lt(usageDailyKeys.day, end));
  return { table: usageDailyKeys, time: usageDailyKeys.day, where: and(...conditions)!, from: start, to: end, ...rollupClasses(usageDailyKeys.statusClass) };
}

/** Per organization, endpoint and UTC day (no key). The range is rounded out to whole UTC days. */
function dailyEndpointsScan(filter: UsageFilter, from: Date, to: Date): Scan<typeof usageDailyEndpoints> {
  const start = floorTo(from, DAY_MS);
  const end = ceilTo(to, DAY_MS);
  const conditions: SQL[] = [];
  if (filter.partnerId) conditions.push(eq(usageDailyEndpoints.partnerId, filter.partnerId));
  conditions.push(gte(usageDailyEndpoints.day, start), lt(usageDailyEndpoints.day, end));
  return {
    table: usageDailyEndpoints,
    time: usageDailyEndpoints.day as unknown as typeof usageDailyKeys.day,
    where: and(...conditions)!,
    from: start,
    to: end,
    ...rollupClasses(usageDailyEndpoints.statusClass),
  };
}

const MEASURE_NAMES = [
  'request_count',
  'billable_count',
  'latency_sum_ms',
  'latency_max_ms',
  ...Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, b) => `l${b}`),
];
const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * An organization's or every organization's rollup over a range at day granularity, exactly as summing
 * `usage_hourly` over the range rounded out to whole hours: the whole UTC days inside from
 * `usage_daily_keys`, the hours before the first and after the last whole day from `usage_hourly`.
 * Null when the range holds no whole day (then `usage_hourly` alone is as small).
 */
function rollupDaysScan(filter: UsageFilter, from: Date, to: Date): Scan<typeof usageHourly> | null {
  const hours = hourlyScan(filter, from, to);
  const firstDay = ceilTo(hours.from, DAY_MS);
  const endDay = floorTo(hours.to, DAY_MS);
  if (firstDay >= endDay) return null;
  const measures = sql.raw(MEASURE_NAMES.map((n) => `"${n}"`).join(', '));
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const days = [gte(usageDailyKeys.day, firstDay), lt(usageDailyKeys.day, endDay)];
  if (filter.partnerId) days.unshift(eq(usageDailyKeys.partnerId, filter.partnerId));
  const edges = sql`((${usageHourly.hour} >= ${at(hours.from)} and ${usageHourly.hour} < ${at(firstDay)}) or (${usageHourly.hour} >= ${at(endDay)} and ${usageHourly.hour} < ${at(hours.to)}))`;
  const partner = filter.partnerId ? sql`${usageHourly.partnerId} = ${filter.partnerId} and ` : sql``;
  const r = (name: string) => sql.raw(`"r"."${name}"`);
  return {
    table: usageHourly,
    source: sql`(select "day" as "at", "status_class", ${measures} from ${usageDailyKeys} where ${and(...days)}
      union all select "hour", "status_class", ${measures} from ${usageHourly} where ${partner}${edges}) as "r"`,
    columns: Object.fromEntries(MEASURE_NAMES.map((n) => [camel(n), r(n)])) as MeasureColumns,
    time: r('at') as unknown as typeof usageHourly.hour,
    where: sql`true`,
    from: hours.from,
    to: hours.to,
    ...rollupClasses(r('status_class') as unknown as typeof usageHourly.statusClass),
  };
}

const isShort = (range: UsageRange) => range.to.getTime() - range.from.getTime() <= SHORT_RANGE_MS;

/** Where the series and the totals of a range come from (they always agree with each other). */
function seriesScan(filter: UsageFilter, range: UsageRange): Scan {
  if (filter.endpoint || range.granularity === 'minute' || isShort(range)) return logsScan(filter, range.from, range.to);
  if (filter.apiKeyId) return range.granularity === 'day' ? dailyKeysScan(filter, range.from, range.to) : logsScan(filter, range.from, range.to);
  return (range.granularity === 'day' && rollupDaysScan(filter, range.from, range.to)) || hourlyScan(filter, range.from, range.to);
}

/** FROM of a scan: its table, or the derived table it reads. */
const fromOf = (scan: Scan) => (scan.source ?? scan.table) as MeasuredTable;

/** Whether a ranking (top keys, top endpoints) reads a daily rollup (whole UTC days): hour or day granularity, no endpoint filter, not short. */
const dailyRanking = (filter: UsageFilter, range: UsageRange) => range.granularity !== 'minute' && !filter.endpoint && !isShort(range);

function measures(scan: Scan) {
  const t = (scan.columns ?? scan.table) as MeasuredTable;
  const count = (condition: SQL) => sql<string>`coalesce(sum(${t.requestCount}) filter (where ${condition}), 0)`;
  return {
    requests: sql<string>`coalesce(sum(${t.requestCount}), 0)`,
    errors: count(scan.isError),
    classColumns: { c2xx: count(scan.isClass(200)), c3xx: count(scan.isClass(300)), c4xx: count(scan.isClass(400)), c5xx: count(scan.isClass(500)) },
    histogramColumns: Object.fromEntries(
      Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, b) => [`l${b}`, sql<string>`coalesce(sum(${t[`l${b}` as 'l0']}), 0)`]),
    ) as Record<`l${number}`, SQL<string>>,
    latencyMax: sql<number | null>`max(${t.latencyMaxMs})`,
    latencySum: sql<string>`coalesce(sum(${t.latencySumMs}), 0)`,
  };
}

// The unit is inlined (one of three literals), so that the select and the GROUP BY are the same expression.
const bucketOf = (range: UsageRange, scan: Scan) => {
  if (!granularities.includes(range.granularity)) throw new Error(`unknown granularity ${String(range.granularity)}`);
  return sql<Date>`date_trunc('${sql.raw(range.granularity)}', ${scan.time}, 'UTC')`;
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
  const scan = seriesScan(filter, range);
  const at = bucketOf(range, scan);
  const { classColumns } = measures(scan);
  const rows = await db
    .select({ at, ...classColumns })
    .from(fromOf(scan))
    .where(scan.where)
    .groupBy(at);
  const byBucket = new Map(rows.map((r) => [asDate(r.at).getTime(), { at: asDate(r.at), ...classesOf(r) }]));
  return filled(range, byBucket, (when) => ({ at: when, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }));
}

/** (b) Requests, errors and the error rate per bucket. */
export async function queryErrorRate(db: Queryable, filter: UsageFilter, range: UsageRange): Promise<ErrorRatePoint[]> {
  const scan = seriesScan(filter, range);
  const at = bucketOf(range, scan);
  const { requests, errors } = measures(scan);
  const rows = await db.select({ at, requests, errors }).from(fromOf(scan)).where(scan.where).groupBy(at);
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
  const scan = seriesScan(filter, range);
  const at = bucketOf(range, scan);
  const { latencyMax, histogramColumns } = measures(scan);
  const rows = await db
    .select({ at, max: latencyMax, ...histogramColumns })
    .from(fromOf(scan))
    .where(scan.where)
    .groupBy(at);
  const byBucket = new Map(rows.map((r) => [asDate(r.at).getTime(), { at: asDate(r.at), ...latencyPercentiles(histogramOf(r), r.max) }]));
  return filled(range, byBucket, (when) => ({ at: when, p50: null, p95: null, p99: null }));
}

/** (a), (b) and (c) from one scan: what `GET /api/v1/usage` answers and the dashboard draws. */
export async function queryUsageSeries(db: Queryable, filter: UsageFilter, range: UsageRange): Promise<UsageSeriesPoint[]> {
  const scan = seriesScan(filter, range);
  const at = bucketOf(range, scan);
  const { requests, errors, classColumns, latencyMax, histogramColumns } = measures(scan);
  const rows = await db
    .select({ at, requests, errors, ...classColumns, max: latencyMax, ...histogramColumns })
    .from(fromOf(scan))
    .where(scan.where)
    .groupBy(at);
  const byBucket = new Map(
    rows.map((r) => [
      asDate(r.at).getTime(),
      { at: asDate(r.at), requests: Number(r.requests), errors: Number(r.errors), statusClasses: classesOf(r), ...latencyPercentiles(histogramOf(r), r.max) },
    ]),
  );
  return filled(range, byBucket, (when) => ({
    at: when,
    requests: 0,
    errors: 0,
    statusClasses: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    p50: null,
    p95: null,
    p99: null,
  }));
}

export interface TopEndpoint {
  method: string;
  endpoint: string;
  requests: number;
  errors: number;
  errorRate: number;
  p95: number | null;
}

/**
 * (d) The busiest endpoints (method and route pattern) of the range. At hour or day granularity (the page's
 * ranges over 6 h) an organization's or every organization's come from `usage_daily_endpoints`, over WHOLE
 * UTC DAYS: the range is rounded out to midnight UTC at both ends, so its first and last day count entirely.
 * A key's, an endpoint filter's, and minute granularity read `usage_logs` over the exact range.
 */
export async function queryTopEndpoints(db: Queryable, filter: UsageFilter, range: UsageRange, limit = 10): Promise<TopEndpoint[]> {
  const scan: Scan<typeof usageLogs | typeof usageDailyEndpoints> =
    dailyRanking(filter, range) && !filter.apiKeyId ? dailyEndpointsScan(filter, range.from, range.to) : logsScan(filter, range.from, range.to);
  const t = scan.table;
  const { requests, errors, latencyMax, histogramColumns } = measures(scan);
  const rows = await db
    .select({ method: t.method, endpoint: t.endpoint, requests, errors, max: latencyMax, ...histogramColumns })
    .from(t)
    .where(scan.where)
    .groupBy(t.method, t.endpoint)
    .orderBy(sql`${requests} desc`, t.endpoint, t.method)
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

/**
 * (e) The busiest keys of the range. Aggregated first, then joined, so only `limit` keys are looked up.
 * At hour or day granularity from `usage_daily_keys` over whole UTC days (as the top endpoints), the last minute
 * seen then looked up per listed key on `usage_logs_key_time_idx`; otherwise from `usage_logs`.
 */
export async function queryTopKeys(db: Queryable, filter: UsageFilter, range: UsageRange, limit = 10): Promise<TopKey[]> {
  const daily = dailyRanking(filter, range);
  const scan: Scan<typeof usageLogs | typeof usageDailyKeys> = daily ? dailyKeysScan(filter, range.from, range.to) : logsScan(filter, range.from, range.to);
  const t = scan.table;
  const { requests, errors } = measures(scan);
  const usage = db
    .select({
      apiKeyId: sql<string>`${t.apiKeyId}`.as('usage_key_id'),
      requests: sql<string>`${requests}`.as('requests'),
      errors: sql<string>`${errors}`.as('errors'),
      lastSeenAt: sql<Date>`max(${scan.time})`.as('last_seen_at'),
    })
    .from(t)
    .where(scan.where)
    .groupBy(t.apiKeyId)
    .orderBy(sql`2 desc`, t.apiKeyId)
    .limit(limit)
    .as('usage');
  // The daily rollup knows the day, not the minute: the key's index on usage_logs answers that in one probe.
  const lastSeenAt = daily
    ? sql<Date>`coalesce((select max(${usageLogs.occurredAt}) from ${usageLogs} where ${usageLogs.apiKeyId} = ${usage.apiKeyId} and ${usageLogs.occurredAt} >= ${scan.from.toISOString()}::timestamptz and ${usageLogs.occurredAt} < ${scan.to.toISOString()}::timestamptz), ${usage.lastSeenAt})`
    : sql<Date>`${usage.lastSeenAt}`;
  const rows = await db
    .select({
      apiKeyId: usage.apiKeyId,
      requests: usage.requests,
      errors: usage.errors,
      lastSeenAt,
      keyName: apiKeys.keyName,
      tokenPrefix: apiKeys.tokenPrefix,
      partnerId: apiKeys.partnerId,
      partnerName: partners.name,
    })
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
 * fullest first. Independent of the range: quotas are monthly. A month is whole UTC days: `usage_daily_keys`
 * answers it exactly (an `endpoint` in the filter, if one is passed anyway, reads `usage_logs`).
 */
export async function queryQuotaUse(db: Queryable, filter: Omit<UsageFilter, 'endpoint'>, now: Date, limit = 20): Promise<KeyQuotaUse[]> {
  const from = startOfMonth(now.getTime());
  const to = startOfNextMonth(now.getTime());
  const endpoint = (filter as UsageFilter).endpoint;
  const scan: Scan<typeof usageLogs | typeof usageDailyKeys> = endpoint ? logsScan(filter, from, to) : dailyKeysScan(filter, from, to);
  const t = scan.table;
  const used = db
    .select({ apiKeyId: sql<string>`${t.apiKeyId}`.as('used_key_id'), used: sql<string>`sum(${t.billableCount})`.as('used') })
    .from(t)
    .where(scan.where)
    .groupBy(t.apiKeyId)
    .as('used');
  const quota = sql<number>`coalesce(${apiKeys.monthlyQuota}, ${partners.monthlyQuota})`;
  const usedCount = sql<string>`coalesce(${used.used}, 0)`;
  const keyConditions: SQL[] = [sql`(${apiKeys.revokedAt} is null or ${used.used} is not null)`];
  if (filter.apiKeyId) keyConditions.push(eq(apiKeys.id, filter.apiKeyId));
  else if (filter.partnerId) keyConditions.push(eq(apiKeys.partnerId, filter.partnerId));
  const rows = await db
    .select({
      apiKeyId: apiKeys.id,
      keyName: apiKeys.keyName,
      tokenPrefix: apiKeys.tokenPrefix,
      partnerId: apiKeys.partnerId,
      partnerName: partners.name,
      used: usedCount,
      quota,
    })
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

/** (g) The range's totals, from the same table and rounded range as its series (so they add up). */
export async function queryTotals(db: Queryable, filter: UsageFilter, range: UsageRange): Promise<UsageTotals> {
  const scan = seriesScan(filter, range);
  const { requests, errors, classColumns, latencySum, latencyMax, histogramColumns } = measures(scan);
  const [row] = await db
    .select({ requests, errors, ...classColumns, latencySum, max: latencyMax, ...histogramColumns })
    .from(fromOf(scan))
    .where(scan.where);
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
