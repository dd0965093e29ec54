import { primaryKey, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per cluster job and period: the instance that inserts it runs the job for that period, every
 * other instance's insert conflicts and it skips. So a cluster job (alert evaluation, retention, the
 * secret purge) runs once per period whatever the number of instances (lib/runtime/cluster-periods.ts).
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    name: text().notNull(),
    period: timestamp({ withTimezone: true }).notNull(),
    instance: text().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.name, t.period] })],
);
