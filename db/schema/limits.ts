import { bigint, primaryKey, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Monthly quota counters shared by every instance on one database (lib/usage/quota-postgres-store.ts):
 * one row per scope (`key` or `organization`), owner and calendar month (UTC, `YYYY-MM`). `used` counts
 * the units instances have claimed (by atomic `UPDATE … WHERE used < limit`), which is never more than the
 * limit; an instance returns the units of a lease it did not spend. Seeded from `usage_logs` on first use.
 */
export const quotaCounters = pgTable(
  'quota_counters',
  {
    scope: text().notNull(),
    ownerId: text().notNull(),
    month: text().notNull(),
    used: bigint({ mode: 'number' }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.ownerId, t.month] })],
);

/**
 * Instances heartbeat here (lib/limits/cluster-size.ts), so that each knows how many are live: when Redis
 * is unreachable an instance enforces 1/N of each key's rate limit on its own.
 */
export const runtimeInstances = pgTable('runtime_instances', {
  id: text().primaryKey(),
  startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastSeen: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
