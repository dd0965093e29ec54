import 'server-only';
import { sql } from 'drizzle-orm';
import { getDatabase } from '@/db';
import journal from '@/db/migrations/meta/_journal.json';

export interface MigrationsReport {
  ok: boolean;
  /** The newest migration this build ships (db/migrations/meta/_journal.json). */
  expected: string | null;
  /** How many of the build's migrations the database has applied, by drizzle's record. */
  applied: number;
  pending: string[];
  error?: string;
}

/**
 * Are the build's migrations applied? db/migrate.ts runs drizzle's migrator, which records each migration
 * it applies in `drizzle.__drizzle_migrations` with `created_at` = the journal entry's `when`, and applies
 * every entry newer than the newest row. So the database is up to date when the newest row is at least
 * the journal's last `when`; the entries above it are pending.
 */
export async function checkMigrations(): Promise<MigrationsReport> {
  const entries = journal.entries;
  const expected = entries.at(-1)?.tag ?? null;
  try {
    const result = await getDatabase().db.execute(sql`select coalesce(max(created_at), 0)::text as newest from drizzle.__drizzle_migrations`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { newest: string }[];
    const newest = Number(rows[0]?.newest ?? 0);
    const pending = entries.filter((e) => e.when > newest).map((e) => e.tag);
    return { ok: pending.length === 0, expected, applied: entries.length - pending.length, pending };
  } catch (error) {
    // No drizzle schema at all: nothing was ever migrated.
    return { ok: false, expected, applied: 0, pending: entries.map((e) => e.tag), error: (error as Error).message };
  }
}
