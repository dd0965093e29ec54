/**
 * Fresh databases and production servers for the e2e run and the benchmarks: each run gets its own
 * database (a Postgres database with a fresh name, or a PGlite folder in /tmp), migrated and seeded,
 * and servers started from the existing `.next` build through scripts/serve.mjs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, installDatabase } from '@/db';
import { connectPglite, connectPostgres } from '@/db/connect';
import type { DatabaseHandle } from '@/db/client';
import { createDatabase, dropDatabase, freshDatabaseName } from '@/db/fresh-database';
import { migrateDatabase } from '@/db/migrate';
import { preparePortalContent } from '@/lib/catalog/prepare-portal-content';
import { seedDemoData } from '@/lib/seed/demo-data';
import { seedDemoShowcase } from '@/lib/seed/demo-showcase';
import { weatherApiCredential } from '@/lib/seed/weather-api-credential';
import { serverNodeFlags } from '../server-node-flags';

const root = process.cwd();

export interface FreshDatabase {
  /** Environment for a server process: DATABASE_URL or PGLITE_DATA_DIR. */
  env: Record<string, string>;
  description: string;
  /** A handle for this process (Postgres only: a PGlite folder belongs to the server). */
  connect(): DatabaseHandle | null;
  drop(): Promise<void>;
  /** With `weatherCredential`: the verifier credential's secret. */
  weatherCredential?: string;
}

export interface FreshDatabaseOptions {
  /** The living demo of `npm run dev` too (keys, traffic, secrets, alerts: the README's screenshots). */
  demo?: boolean;
  /** Issue the example weather API's verifier credential (lib/seed/weather-api-credential.ts). */
  weatherCredential?: boolean;
}

/**
 * The demo and the credential are written through action specs, which use the process's database: the
 * handle is installed first, and closed after (a PGlite folder then belongs to the server).
 */
async function seedExtrasAndClose(handle: DatabaseHandle, options: FreshDatabaseOptions): Promise<{ weatherCredential?: string }> {
  if (!options.demo && !options.weatherCredential) {
    await handle.close();
    return {};
  }
  installDatabase(handle);
  try {
    if (options.demo) {
      testMasterKey(); // the demo's secrets are sealed with the key the server will read them with
      await seedDemoShowcase();
    }
    return options.weatherCredential ? { weatherCredential: await weatherApiCredential(handle.db) } : {};
  } finally {
    await closeDatabase();
  }
}

/** `serverUrl` set: a fresh Postgres database on that server; else a PGlite folder. Migrated and seeded. */
export async function createFreshDatabase(prefix: string, serverUrl: string | undefined, options: FreshDatabaseOptions = {}): Promise<FreshDatabase> {
  if (serverUrl) {
    const name = freshDatabaseName(prefix);
    const url = await createDatabase(serverUrl, name);
    const handle = connectPostgres(url, { max: 2 });
    await migrateDatabase(handle);
    await seedDemoData(handle.db);
    await preparePortalContent(handle.db, () => {});
    const extras = await seedExtrasAndClose(handle, options);
    return {
      ...extras,
      env: { DATABASE_URL: url },
      description: `fresh Postgres database ${name}`,
      connect: () => connectPostgres(url, { max: 4 }),
      drop: () => dropDatabase(serverUrl, name),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const dataDir = path.join(dir, 'pglite');
  const handle = connectPglite({ dataDir });
  await migrateDatabase(handle);
  await seedDemoData(handle.db);
  await preparePortalContent(handle.db, () => {});
  const extras = await seedExtrasAndClose(handle, options); // the server process must be the only one on this folder
  return {
    ...extras,
    env: { PGLITE_DATA_DIR: dataDir },
    description: `fresh PGlite in ${dataDir}`,
    connect: () => null,
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** The master key of test and benchmark servers: the environment's, else one per process, set for in-process seeding too. */
export function testMasterKey(): string {
  process.env.PORTAL_MASTER_KEY ??= randomBytes(32).toString('base64');
  return process.env.PORTAL_MASTER_KEY;
}

/** Starts `scripts/serve.mjs` on a free port (or `port`: a restarted cluster instance keeps its own) and waits for /api/health. */
export async function startServer(options: {
  env: Record<string, string>;
  logFile: string;
  cpuList?: string;
  timeoutMs?: number;
  port?: number;
  /** Append to the log instead of starting it afresh (a restarted instance). */
  appendLog?: boolean;
}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, options.appendLog ? 'a' : 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString('base64url'),
    AUTH_TRUST_HOST: 'true',
    // Production refuses to start without one; whoever seeds secrets for this server must use the same.
    PORTAL_MASTER_KEY: testMasterKey(),
    // Test staff accounts have no second factor; specs that test the requirement turn it on in the database.
    STAFF_REQUIRE_TWO_FACTOR: process.env.STAFF_REQUIRE_TWO_FACTOR ?? 'false',
    ...options.env,
  };
  if (!options.env.DATABASE_URL) delete env.DATABASE_URL;
  const args = [...serverNodeFlags(), path.join(root, 'scripts', 'serve.mjs'), '-p', String(port), '-H', '127.0.0.1'];
  // Pinning to a core (taskset) keeps a benchmark's server and load generator from fighting over both.
  const child = options.cpuList
    ? spawn('taskset', ['-c', options.cpuList, process.execPath, ...args], { env, stdio: ['ignore', log, log] })
    : spawn(process.execPath, args, { env, stdio: ['ignore', log, log] });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}; see ${options.logFile}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { baseUrl, process: child, logFile: options.logFile, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the server did not become healthy in time; see ${options.logFile}`);
}
