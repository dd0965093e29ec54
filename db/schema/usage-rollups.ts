import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { usageMeasures as measures } from './usage-measures';

/**
 * Pre-aggregated usage for the analytics: with hundreds of keys the per-minute `usage_logs` hold about
 * one request per row, far too many to aggregate within a page load over 30 days. The metering flush
 * upserts these in the same transaction as `usage_logs`, so they always agree with it.
 */

/** Per organization, hour and status class (`2xx` … `5xx`): series and totals of an org or of all. */
export const usageHourly = pgTable(
  'usage_hourly',
  {
    id: text().primaryKey(),
    partnerId: text().notNull(),
    hour: timestamp({ withTimezone: true }).notNull(),
    statusClass: text().notNull(),
    ...measures,
  },
  (t) => [uniqueIndex('usage_hourly_unique').on(t.partnerId, t.hour, t.statusClass), index('usage_hourly_hour_idx').on(t.hour)],
);

/** Per key, day (UTC) and status class: a key's series, top keys, quota use. */
export const usageDailyKeys = pgTable(
  'usage_daily_keys',
  {
    id: text().primaryKey(),
    apiKeyId: text().notNull(),
    partnerId: text().notNull(),
    day: timestamp({ withTimezone: true }).notNull(),
    statusClass: text().notNull(),
    ...measures,
  },
  (t) => [
    uniqueIndex('usage_daily_keys_unique').on(t.apiKeyId, t.day, t.statusClass),
    index('usage_daily_keys_partner_day_idx').on(t.partnerId, t.day),
    index('usage_daily_keys_day_idx').on(t.day),
  ],
);

/** Per organization, endpoint, method, day (UTC) and status class: top endpoints. */
export const usageDailyEndpoints = pgTable(
  'usage_daily_endpoints',
  {
    id: text().primaryKey(),
    partnerId: text().notNull(),
    endpoint: text().notNull(),
    method: text().notNull(),
    day: timestamp({ withTimezone: true }).notNull(),
    statusClass: text().notNull(),
    ...measures,
  },
  (t) => [
    uniqueIndex('usage_daily_endpoints_unique').on(t.partnerId, t.endpoint, t.method, t.day, t.statusClass),
    index('usage_daily_endpoints_day_idx').on(t.day),
  ],
);
