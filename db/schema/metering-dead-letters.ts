import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Metered requests the flush could not write (a record Postgres refuses, or one that could not be
 * normalised), kept for inspection instead of being retried forever ahead of everyone else's. `record`
 * is the request as it was buffered, made safe for jsonb (no NUL, strings capped); `error` is why.
 */
export const meteringDeadLetters = pgTable(
  'metering_dead_letters',
  {
    id: text().primaryKey(),
    record: jsonb().notNull(),
    error: text().notNull(),
    createdAt: timestamp({ withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [index('metering_dead_letters_created_idx').on(t.createdAt)],
);
