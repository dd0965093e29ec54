import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { DatabaseHandle } from './client';
import { connectPostgres } from './connect';

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

// Any constant works; it only has to be the same for every instance of the portal.
const MIGRATION_LOCK_ID = 7_348_221;

/** Applies pending migrations. On Postgres an advisory lock keeps two starting instances from racing. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.driver === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  if (!handle.url) throw new Error('A postgres handle needs its url to migrate');
  // Session advisory locks belong to one connection, so the migration gets a client of exactly one.
  const single = connectPostgres(handle.url, { max: 1 });
  const db = single.db as unknown as PostgresJsDatabase;
  try {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`);
    await migratePostgres(db, { migrationsFolder });
  } finally {
    await single.close();
  }
}
