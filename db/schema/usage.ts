import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { usageMeasures } from './usage-measures';

/** Upper bounds (ms) of the latency histogram's buckets; the last bucket is everything above. */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] as const;

/**
 * One row per (key, endpoint, method, status, minute). Counts are added by upsert in the metering
 * flush (`request_count = request_count + n`), never by inserting duplicates.
 */
export const usageLogs = pgTable(
  'usage_logs',
  {
    id: text().primaryKey(),
    partnerId: text().notNull(),
    apiKeyId: text().notNull(),
    // The route pattern (`/api/v1/docs/{slug}`), not the raw path.
    endpoint: text().notNull(),
    method: text().notNull(),
    statusCode: integer().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    // requestCount, billableCount (those that count against the monthly quota: they passed the guard),
    // latencySumMs, latencyMaxMs, and requests per latency bucket l0..l10 (LATENCY_BUCKETS_MS, then
    // "slower"): enough for p50/p95/p99 over any range.
    ...usageMeasures,
  },
  (t) => [
    uniqueIndex('usage_logs_bucket_unique').on(t.apiKeyId, t.endpoint, t.method, t.statusCode, t.occurredAt),
    index('usage_logs_partner_time_idx').on(t.partnerId, t.occurredAt),
    index('usage_logs_key_time_idx').on(t.apiKeyId, t.occurredAt),
    index('usage_logs_time_idx').on(t.occurredAt),
  ],
);

/**
 * Recent individual requests, for support. In the database the table is range-partitioned by UTC day of
 * `occurred_at` (`request_logs_pYYYYMMDD`, plus `request_logs_default` for a day without its partition):
 * migration 0012 writes that by hand, as drizzle-kit does not generate partitioned tables, and
 * `lib/usage/retention.ts` creates the coming days' partitions and drops whole days past the retention
 * window. A unique key on a partitioned table must include the partition key: hence (id, occurred_at).
 */
export const requestLogs = pgTable(
  'request_logs',
  {
    // The request id (`req_…`) the caller saw in X-Request-Id.
    id: text().notNull(),
    partnerId: text().notNull(),
    apiKeyId: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    endpoint: text().notNull(),
    statusCode: integer().notNull(),
    latencyMs: real().notNull(),
    ip: text(),
    userAgent: text(),
    errorCode: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.occurredAt] }),
    index('request_logs_partner_time_idx').on(t.partnerId, t.occurredAt.desc()),
    index('request_logs_key_time_idx').on(t.apiKeyId, t.occurredAt.desc()),
    index('request_logs_time_idx').on(t.occurredAt),
  ],
);

/**
 * Batches of the metering buffer that are written. A batch whose commit was in doubt (the connection
 * dropped during COMMIT) is retried with the same id; finding the id here means it is already counted.
 */
export const usageFlushes = pgTable('usage_flushes', {
  id: text().primaryKey(),
  rows: integer().notNull(),
  flushedAt: timestamp({ withTimezone: true })
    .notNull()
    .default(sql`now()`),
});
