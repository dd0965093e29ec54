import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Queryable } from './client';

const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * Runs SQL as a prepared statement, where `db.execute` sends it unprepared.
 *
 * Why: postgres.js (through drizzle) sends an unprepared statement with parameters in two round trips
 * (Parse + Describe, wait, then Bind + Execute) and sends nothing else on that connection until the first
 * one is back, so statements issued together are not pipelined. Prepared, a statement costs its first
 * round trip once per connection (postgres.js keeps it by its text), then one round trip, pipelined with
 * its neighbours. For statements that run often with the same text (the metering flush every second);
 * the query builders' `.prepare(name)` does the same for builder queries. PGlite ignores the difference.
 */
export function executePrepared(db: Queryable, query: SQL): Promise<unknown> {
  return db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, 'raw', false).execute();
}
