import { sql } from 'drizzle-orm';
import { db } from '@/db';

/** Every row of every table of the public schema, as text: what a stolen database dump would show. */
export async function dumpDatabase(): Promise<string> {
  const tables = (await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`)) as unknown as
    { rows: { table_name: string }[] } | { table_name: string }[];
  const names = (Array.isArray(tables) ? tables : tables.rows).map((t) => t.table_name);
  let dump = '';
  for (const name of names) {
    const rows = (await db.execute(sql`select t::text as row from ${sql.identifier(name)} t`)) as unknown as { rows: { row: string }[] } | { row: string }[];
    for (const r of Array.isArray(rows) ? rows : rows.rows) dump += `${name}: ${r.row}\n`;
  }
  return dump;
}
