/**
 * What every benchmark shares: the production build, a fresh Postgres database, keys created in this
 * process before any server starts, servers that are always stopped and a database that is always
 * dropped (also on Ctrl-C and on the time limit), and progress lines.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { closeDatabase, installDatabase } from '@/db';
import { connectPostgres } from '@/db/connect';
import { partners, type ApiScope, type KeyEnvironment } from '@/db/schema';
import { withTransaction } from '@/db/with-transaction';
import { createApiKey } from '@/lib/keys/manage-keys';
import { systemActor } from '@/lib/auth/actor';
import { keyCapability } from '@/lib/auth/policy';
import { createFreshDatabase, startServer, type FreshDatabase, type RunningServer } from '../../scripts/lib/test-server';

const root = process.cwd();
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const benchDatabaseUrl = (): string => process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_DATABASE_URL;
export const benchRedisUrl = (): string => process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A positive number from the environment, else the default. */
export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

let benchName = 'bench';
const started = Date.now();
export function step(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[${benchName} ${seconds}s] ${message}`);
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** `next build` unless BENCH_SKIP_BUILD=1 and a build exists. */
async function ensureBuild(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD === '1' && fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    step('reusing the existing production build (.next), as BENCH_SKIP_BUILD=1');
    return;
  }
  step('building the production server (next build) …');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    const timer = setTimeout(() => child.kill('SIGTERM'), 15 * 60_000);
    child.on('exit', (exitCode, signal) => {
      clearTimeout(timer);
      resolve(exitCode ?? (signal ? 1 : 0));
    });
  });
  if (code !== 0) throw new Error(`next build failed (exit code ${code})`);
  step('build done');
}

export interface KeySpec {
  name: string;
  scopes?: ApiScope[];
  environment?: KeyEnvironment;
  rateLimitPerMinute?: number;
  monthlyQuota?: number;
}
export interface BenchKey {
  id: string;
  name: string;
  secret: string;
}

export interface BenchContext {
  database: FreshDatabase;
  logDir: string;
  /** Creates keys in the seeded `acme` org, in this process. Only before the first server starts. */
  createKeys(specs: KeySpec[]): Promise<BenchKey[]>;
  /** Starts scripts/serve.mjs; `env` is added to the database's. Stopped at the end whatever happens. */
  startServer(label: string, env?: Record<string, string>, options?: { cpuList?: string; port?: number; appendLog?: boolean }): Promise<RunningServer>;
  stopServer(server: RunningServer): Promise<void>;
}

/** Stops a server: SIGTERM, then SIGKILL if it is still there after 15 s. */
async function stopBounded(server: RunningServer): Promise<void> {
  const child = server.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await Promise.race([server.stop(), sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(5_000)]);
  }
}

/**
 * Runs one benchmark: build, fresh database, `body`, clean-up. `body` returns whether every target
 * was met; the process exits 0 only then. `timeoutSeconds` bounds everything after the build.
 */
export function runBench(
  name: string,
  options: {
    timeoutSeconds: number;
    beforeDatabase?: () => void | Promise<void>;
    /** No `next build` (benchmarks that start no server). */
    noBuild?: boolean;
    /** Use this database instead of a fresh one (it is neither migrated, seeded nor dropped). */
    existingDatabaseUrl?: string;
    /** Leave the fresh database in place at the end (its URL is printed). */
    keepDatabase?: boolean;
  },
  body: (ctx: BenchContext) => Promise<boolean>,
): void {
  benchName = name;
  const servers: RunningServer[] = [];
  let database: FreshDatabase | undefined;
  let cleaning: Promise<void> | undefined;
  // keepDatabase applies to a run that got to its end; an interrupted one drops its database.
  let finished = false;

  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const server of servers) {
        try {
          await stopBounded(server);
        } catch (error) {
          console.error(`[${name}] could not stop a server: ${(error as Error).message}`);
        }
      }
      if (database && options.existingDatabaseUrl) {
        step('left the given database in place');
      } else if (database && options.keepDatabase && finished) {
        step(`kept the database: ${database.env.DATABASE_URL ?? database.description}`);
      } else if (database) {
        try {
          await database.drop();
          step(`dropped the database`);
        } catch (error) {
          console.error(`[${name}] could not drop the database: ${(error as Error).message}`);
        }
      }
    })());

  const abort = (why: string, code: number) => {
    console.error(`[${name}] ${why}: stopping the servers and dropping the database`);
    void Promise.race([cleanUp(), sleep(30_000)]).then(() => process.exit(code));
  };
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));

  const main = async (): Promise<boolean> => {
    if (!options.noBuild) await ensureBuild();
    await options.beforeDatabase?.();
    const watchdog = setTimeout(() => abort(`time limit of ${options.timeoutSeconds} s reached`, 1), options.timeoutSeconds * 1000);
    watchdog.unref();
    const serverUrl = benchDatabaseUrl();
    if (!options.existingDatabaseUrl) step(`Postgres server: ${redactUrl(serverUrl)}`);
    if (options.existingDatabaseUrl) {
      const url = options.existingDatabaseUrl;
      database = {
        env: { DATABASE_URL: url },
        description: `existing Postgres database ${redactUrl(url)}`,
        connect: () => connectPostgres(url, { max: 4 }),
        drop: async () => {},
      };
    } else {
      step('creating a fresh database (migrated and seeded) …');
      database = await createFreshDatabase('pp_bench', serverUrl);
    }
    step(`database: ${database.description}`);
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), `pp-bench-${name}-`));
    const db = database;
    const ctx: BenchContext = {
      database: db,
      logDir,
      async createKeys(specs) {
        if (servers.length > 0) throw new Error('create keys before starting servers');
        const handle = db.connect();
        if (!handle) throw new Error('the benchmarks need a Postgres database');
        installDatabase(handle);
        try {
          const [acme] = await handle.db.select({ id: partners.id }).from(partners).where(eq(partners.slug, 'acme'));
          if (!acme) throw new Error('the seed has no `acme` organization');
          // The organization's limits bound every key's: lift them above what the benchmarks give their keys.
          await handle.db.update(partners).set({ keyRateLimitPerMinute: 1_000_000_000, monthlyQuota: 2_000_000_000 }).where(eq(partners.id, acme.id));
          const keys = await withTransaction(handle.db, async (tx) => {
            const out: BenchKey[] = [];
            for (const spec of specs) {
              const { key, secret } = await createApiKey(
                tx,
                acme.id,
                {
                  name: spec.name,
                  environment: spec.environment ?? 'test',
                  scopes: spec.scopes ?? [],
                  rateLimitPerMinute: spec.rateLimitPerMinute,
                  monthlyQuota: spec.monthlyQuota,
                  ipAllowlist: [],
                },
                {},
                keyCapability(systemActor('bench'))!,
              );
              out.push({ id: key.id, name: key.keyName, secret });
            }
            return out;
          });
          step(`created ${keys.length} key(s) in acme`);
          return keys;
        } finally {
          await closeDatabase();
        }
      },
      async startServer(label, env = {}, serverOptions = {}) {
        const logFile = path.join(logDir, `${label}.log`);
        const server = await startServer({
          env: { ...db.env, ...env },
          logFile,
          cpuList: serverOptions.cpuList,
          port: serverOptions.port,
          appendLog: serverOptions.appendLog,
        });
        servers.push(server);
        step(`server ${label}: ${server.baseUrl} (pid ${server.process.pid}${serverOptions.cpuList ? `, cpu ${serverOptions.cpuList}` : ''}; log ${logFile})`);
        return server;
      },
      async stopServer(server) {
        await stopBounded(server);
      },
    };
    try {
      return await body(ctx);
    } finally {
      clearTimeout(watchdog);
    }
  };

  main().then(
    async (passed) => {
      finished = true;
      await cleanUp();
      step(passed ? 'all targets met' : 'a target was missed');
      process.exit(passed ? 0 : 1);
    },
    async (error) => {
      console.error(`[${name}] failed:`, error instanceof Error ? error.message : error);
      await cleanUp();
      process.exit(1);
    },
  );
}

export const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** Waits so that a burst does not straddle a minute boundary (the limiter's windows are clock minutes). */
export async function awayFromMinuteBoundary(burstSeconds = 8): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute < 60_000 - burstSeconds * 1000) return;
  const wait = 60_000 - intoMinute + 500;
  step(`waiting ${(wait / 1000).toFixed(1)} s for the next clock minute, so the burst stays in one rate-limit window`);
  await sleep(wait);
}
