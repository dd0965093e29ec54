import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type * as schema from './schema';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it (postgres.js or PGlite). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Functions that may run inside or outside a transaction take this. */
export type Queryable = Database | Transaction;

export type DatabaseDriver = 'postgres' | 'pglite';

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseDriver;
  /** Where it points, without credentials: for logs and the start-up banner. */
  description: string;
  /** The connection string, for the postgres driver (migrations open their own single connection). */
  url?: string;
  close(): Promise<void>;
  /**
   * LISTEN on a channel. `onListening` runs each time the listener is (re)connected: messages may have
   * been missed in between. Resolves to a function that stops listening.
   */
  listen(channel: string, onMessage: (payload: string) => void, onListening?: () => void): Promise<() => Promise<void>>;
}
