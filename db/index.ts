import type { Database, DatabaseHandle } from './client';
import { connectFromEnv } from './connect';

export type { Database, Queryable, Transaction } from './client';

// One handle per process, kept on globalThis so that dev-server module reloads
// do not open a second PGlite on the same folder (which would lose writes).
const holder = globalThis as typeof globalThis & { __partnerPortalDb?: DatabaseHandle };

/** The process's database handle, created on first use: importing this module never connects or throws. */
export function getDatabase(): DatabaseHandle {
  holder.__partnerPortalDb ??= connectFromEnv();
  return holder.__partnerPortalDb;
}

/** Tests and scripts install a handle of their own (a cloned PGlite, a fresh Postgres database). */
export function installDatabase(handle: DatabaseHandle): void {
  holder.__partnerPortalDb = handle;
}

export async function closeDatabase(): Promise<void> {
  const handle = holder.__partnerPortalDb;
  holder.__partnerPortalDb = undefined;
  await handle?.close();
}

/** The drizzle client. Resolved lazily so that `import { db }` is free of side effects. */
export const db: Database = new Proxy({} as Database, {
  get(_target, property) {
    const real = getDatabase().db;
    const value = Reflect.get(real, property, real) as unknown;
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real) : value;
  },
});
