/**
 * A real cluster for tests/cluster: two production servers (scripts/serve.mjs on the `.next` build) on
 * ONE fresh Postgres database and the Redis of REDIS_URL, behind nginx running deploy/nginx.conf (its
 * placeholders filled in: the same file docs/deploy.md describes), round-robin, TRUST_PROXY_HOPS=1.
 * Also a webhook receiver on 127.0.0.1. Everything listens on 127.0.0.1 and is stopped (and the database
 * dropped) by `stop()`, whatever happened. Started by scripts/cluster-test.ts (npm run test:cluster).
 */
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { closeDatabase, installDatabase } from '@/db';
import type { DatabaseHandle } from '@/db/client';
import { testServerUrl } from '@/db/fresh-database';
import { partnerWebhooks, partners, type ApiScope } from '@/db/schema';
import { newId, randomBase62 } from '@/lib/ids';
import { ensureDefaultEnvironments } from '@/lib/secrets/environments';
import { withTransaction } from '@/db/with-transaction';
import { sealWebhookSecret } from '@/lib/alerts/webhook-secret';
import { systemActor } from '@/lib/auth/actor';
import { keyCapability } from '@/lib/auth/policy';
import { createApiKey } from '@/lib/keys/manage-keys';
import { createFreshDatabase, freePort, startServer, testMasterKey, type FreshDatabase, type RunningServer } from '../../../scripts/lib/test-server';

const root = process.cwd();
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const redisUrl = () => process.env.REDIS_URL || 'redis://127.0.0.1:6379';
/** How often the alert rules are evaluated in the cluster (lib/alerts/alert-jobs.ts reads ALERT_EVALUATION_MS). */
export const ALERT_PERIOD_MS = 4_000;

export function log(message: string): void {
  console.log(`[cluster] ${message}`);
}

export interface KeySpec {
  name: string;
  scopes?: ApiScope[];
  ipAllowlist?: string[];
  rateLimitPerMinute?: number;
  monthlyQuota?: number;
  /** The organization (default: the seeded `acme`). */
  partnerId?: string;
}
export interface TestKey {
  id: string;
  secret: string;
}

export interface Instance {
  name: string;
  port: number;
  baseUrl: string;
  logFile: string;
  server: RunningServer | null;
}

export interface WebhookDelivery {
  receivedAt: number;
  body: { id: string; kind: string; apiKeyId: string | null; partnerId: string };
}

/**
 * The cluster's Redis: a `redis-server` of its own on a free loopback port (no persistence) when one is
 * installed (REDIS_SERVER_BIN, else `redis-server` on the PATH), so that a test may stop it without
 * touching the machine's shared Redis; else REDIS_URL's, which is never stopped (`dedicated: false`).
 */
export interface ClusterRedis {
  url: string;
  dedicated: boolean;
  /** SIGKILL: gone at once, its counters with it (as a crashed Redis without persistence). */
  kill(): Promise<void>;
  /** Starts it again on the same port; resolves once it answers. */
  start(): Promise<void>;
}

export interface Cluster {
  database: FreshDatabase;
  redis: ClusterRedis;
  handle: DatabaseHandle;
  /** nginx: what clients use. */
  url: string;
  instances: [Instance, Instance];
  deliveries: WebhookDelivery[];
  acmeId: string;
  logDir: string;
  createKeys(specs: KeySpec[]): Promise<TestKey[]>;
  /** A new active organization with these limits (before any of its keys is used: no cache to invalidate). */
  createOrganization(limits: { monthlyQuota: number; keyRateLimitPerMinute: number }): Promise<string>;
  /** SIGTERM and wait for the exit (the shutdown hooks flush metering). */
  stopInstance(instance: Instance): Promise<void>;
  /** Starts it again on its own port; resolves once /api/health/ready answers 200. */
  startInstance(instance: Instance): Promise<void>;
  stop(): Promise<void>;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on 127.0.0.1:${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export async function waitReady(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const answer = await fetch(`${baseUrl}/api/health/ready`);
      last = `${answer.status} ${await answer.text()}`;
      if (answer.status === 200) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${baseUrl} did not become ready: ${last}`);
}

/** deploy/nginx.conf with its placeholders filled in. */
export function nginxConfig(listen: number, upstreams: [number, number], prefix: string): string {
  const template = fs.readFileSync(path.join(root, 'deploy', 'nginx.conf'), 'utf8');
  return template
    .replaceAll('__LISTEN__', `127.0.0.1:${listen}`)
    .replaceAll('__INSTANCE_A__', `127.0.0.1:${upstreams[0]}`)
    .replaceAll('__INSTANCE_B__', `127.0.0.1:${upstreams[1]}`)
    .replaceAll('__PREFIX__', prefix)
    .replaceAll('__ERROR_LOG__', path.join(prefix, 'error.log'));
}

async function stopChild(child: ChildProcess | null, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  await Promise.race([exited, sleep(timeoutMs)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(5_000)]);
  }
}

function redisServerBin(): string | null {
  const bin = process.env.REDIS_SERVER_BIN || 'redis-server';
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? null : bin;
}

async function startRedis(logDir: string): Promise<{ redis: ClusterRedis; stop: () => Promise<void> }> {
  const bin = redisServerBin();
  if (!bin) {
    const url = redisUrl();
    const refuse = () => Promise.reject(new Error(`the cluster uses the shared Redis at ${url}: it is never stopped`));
    return { redis: { url, dedicated: false, kill: refuse, start: refuse }, stop: async () => {} };
  }
  const port = await freePort();
  const logFile = path.join(logDir, 'redis.log');
  let child: ChildProcess | null = null;
  const start = async () => {
    const out = fs.openSync(logFile, 'a');
    child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', out, out] });
    const started = child;
    await Promise.race([
      waitForPort(port, 10_000),
      new Promise((_, reject) => started.once('exit', (code) => reject(new Error(`redis-server exited (${code}); see ${logFile}`)))),
    ]);
  };
  await start();
  return {
    redis: { url: `redis://127.0.0.1:${port}`, dedicated: true, kill: () => stopChild(child, 'SIGKILL', 5_000), start },
    stop: () => stopChild(child, 'SIGTERM', 5_000),
  };
}

export async function startCluster(): Promise<Cluster> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-cluster-'));
  const serverUrl = testServerUrl() ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  testMasterKey(); // the servers and this process (webhook secret) share it
  const database = await createFreshDatabase('pp_cluster', serverUrl);
  log(`database: ${database.description}; logs in ${logDir}`);
  const handle = database.connect()!;
  installDatabase(handle);

  const servers: (ChildProcess | null)[] = [];
  let nginx: ChildProcess | null = null;
  let stopRedis = async () => {};
  const deliveries: WebhookDelivery[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        deliveries.push({ receivedAt: Date.now(), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        // not ours
      }
      res.writeHead(204).end();
    });
  });

  const instances: [Instance, Instance] = await Promise.all(
    ['a', 'b'].map(async (name) => {
      const port = await freePort();
      return { name, port, baseUrl: `http://127.0.0.1:${port}`, logFile: path.join(logDir, `${name}.log`), server: null } as Instance;
    }),
  ).then((list) => [list[0]!, list[1]!]);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(instances.map((i) => stopChild(i.server?.process ?? null)));
      await stopChild(nginx, 'SIGQUIT', 5_000);
      await stopRedis();
      receiver.closeAllConnections();
      await new Promise<void>((r) => receiver.close(() => r()));
      await closeDatabase().catch(() => {});
      try {
        await database.drop();
        log('dropped the database');
      } catch (error) {
        console.error(`[cluster] could not drop the database: ${(error as Error).message}`);
      }
    })());

  try {
    const [acme] = await handle.db.select({ id: partners.id }).from(partners).where(eq(partners.slug, 'acme'));
    if (!acme) throw new Error('the seed has no `acme` organization');
    await handle.db.update(partners).set({ keyRateLimitPerMinute: 1_000_000_000, monthlyQuota: 2_000_000_000 }).where(eq(partners.id, acme.id));

    const receiverPort = await freePort();
    await new Promise<void>((r) => receiver.listen(receiverPort, '127.0.0.1', () => r()));
    await handle.db
      .insert(partnerWebhooks)
      .values({ partnerId: acme.id, url: `http://127.0.0.1:${receiverPort}/hook`, ...sealWebhookSecret(acme.id, 'whsec_cluster_test') });

    const clusterRedis = await startRedis(logDir);
    stopRedis = clusterRedis.stop;
    log(`Redis: ${clusterRedis.redis.url}${clusterRedis.redis.dedicated ? ' (the cluster’s own redis-server)' : ' (shared)'}`);

    const env: Record<string, string> = {
      ...database.env,
      REDIS_URL: clusterRedis.redis.url,
      // One secret for every instance (docs/deploy.md): a session signed in on one is valid on the other.
      AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString('base64url'),
      TRUST_PROXY_HOPS: '1',
      ALERT_EVALUATION_MS: String(ALERT_PERIOD_MS),
      WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: 'true',
      ALERT_WEBHOOK_ALLOW_HTTP: '1',
    };
    const startInstance = async (instance: Instance) => {
      instance.server = await startServer({ env, logFile: instance.logFile, port: instance.port, appendLog: instance.server !== null });
      servers.push(instance.server.process);
      await waitReady(instance.baseUrl);
    };
    await Promise.all(instances.map(startInstance));
    log(`instances: ${instances.map((i) => `${i.name} ${i.baseUrl}`).join(', ')}`);

    const nginxPort = await freePort();
    const prefix = path.join(logDir, 'nginx');
    fs.mkdirSync(prefix, { recursive: true });
    const confFile = path.join(prefix, 'nginx.conf');
    fs.writeFileSync(confFile, nginxConfig(nginxPort, [instances[0].port, instances[1].port], prefix));
    const nginxLog = fs.openSync(path.join(prefix, 'stderr.log'), 'w');
    nginx = spawn(process.env.NGINX_BIN || 'nginx', ['-c', confFile, '-p', prefix, '-g', 'daemon off;'], { stdio: ['ignore', nginxLog, nginxLog] });
    await Promise.race([
      waitForPort(nginxPort, 10_000),
      new Promise((_, reject) => nginx!.once('exit', (code) => reject(new Error(`nginx exited (${code}); see ${prefix}/stderr.log`)))),
    ]);
    const url = `http://127.0.0.1:${nginxPort}`;
    log(`nginx: ${url} (deploy/nginx.conf → ${confFile})`);

    return {
      database,
      redis: clusterRedis.redis,
      handle,
      url,
      instances,
      deliveries,
      acmeId: acme.id,
      logDir,
      async createKeys(specs) {
        return withTransaction(handle.db, async (tx) => {
          const out: TestKey[] = [];
          for (const spec of specs) {
            const { key, secret } = await createApiKey(
              tx,
              spec.partnerId ?? acme.id,
              {
                name: spec.name,
                environment: 'test',
                scopes: spec.scopes ?? [],
                rateLimitPerMinute: spec.rateLimitPerMinute ?? 1_000_000,
                monthlyQuota: spec.monthlyQuota,
                ipAllowlist: spec.ipAllowlist ?? [],
              },
              {},
              keyCapability(systemActor('cluster-test'))!,
            );
            out.push({ id: key.id, secret });
          }
          return out;
        });
      },
      async createOrganization(limits) {
        const id = newId('org');
        const name = `Cluster ${randomBase62(6)}`;
        await handle.db.insert(partners).values({ id, name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), status: 'active', ...limits });
        await ensureDefaultEnvironments(handle.db, id);
        return id;
      },
      async stopInstance(instance) {
        await stopChild(instance.server?.process ?? null);
      },
      startInstance,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export const bearer = (secret: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${secret}`, ...extra });
