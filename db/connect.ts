import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';
import type { Database, DatabaseHandle } from './client';

export function defaultPgliteDir(): string {
  return process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), '.data', 'pglite');
}

export function connectPostgres(url: string, options: { max?: number } = {}): DatabaseHandle {
  const client = postgres(url, {
    max: options.max ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
    connect_timeout: 10,
    onnotice: () => {},
  });
  const db = drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    driver: 'postgres',
    url,
    description: redactUrl(url),
    close: () => client.end({ timeout: 5 }),
    async listen(channel, onMessage, onListening) {
      const subscription = await client.listen(channel, onMessage, onListening);
      return () => subscription.unlisten();
    },
  };
}

/**
 * `dataDir` is a folder, `memory://`, or omitted for `.data/pglite`.
 * One process per folder: PGlite takes no lock, and two processes on one folder lose writes.
 */
export function connectPglite(options: { dataDir?: string; loadDataDir?: Blob | File } = {}): DatabaseHandle {
  const dataDir = options.dataDir ?? defaultPgliteDir();
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ dataDir, loadDataDir: options.loadDataDir });
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    description: `embedded PGlite (${dataDir})`,
    close: () => client.close(),
    async listen(channel, onMessage, onListening) {
      const stop = await client.listen(channel, onMessage);
      onListening?.();
      return () => stop();
    },
    pglite: client,
  } as DatabaseHandle & { pglite: PGlite };
}

/** postgres.js when DATABASE_URL is set, embedded PGlite otherwise. */
export function connectFromEnv(): DatabaseHandle {
  const url = process.env.DATABASE_URL;
  return url ? connectPostgres(url) : connectPglite();
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable DATABASE_URL)';
  }
}
