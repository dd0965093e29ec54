/**
 * npm run bench:metering — is every answered request metered exactly once?
 *
 * One production server on a fresh database; 8 keys with huge limits; for BENCH_SECONDS (60) as many
 * requests as it takes, mixing 200 (GET /me), 403 (GET /keys without keys:write), 404 (DELETE
 * /keys/key_nothere with keys:write) and 400 (GET /keys?pageSize=1000). The client counts what was
 * answered per key and status; the server is stopped with SIGTERM (which flushes the buffer); then
 * usage_logs (sum of request_count) and request_logs (rows) per key and status must equal the client's
 * counts. Phase 1: plain. Phase 2 (skip with --no-restart): the same with fresh keys on a fresh server,
 * Postgres restarted half-way through the load. Phase 3 (skip with --no-rolling): a rolling restart, two
 * servers sharing the load, each stopped with SIGTERM and replaced in turn from half-way through (the
 * client takes a server out of rotation before stopping it and puts the new one in once it is ready);
 * the counts are over both servers and their replacements.
 *
 *   BENCH_SECONDS (60), BENCH_CONNECTIONS (64), BENCH_PG_DOWN_SECONDS (0: `restart`; n: stop, wait n s,
 *   start), BENCH_SKIP_BUILD=1, BENCH_DATABASE_URL / TEST_DATABASE_URL.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import postgres from 'postgres';
import { envNumber, runBench, sleep, step, verdict, type BenchKey } from './lib/harness';
import type { RunningServer } from '../scripts/lib/test-server';
import { bearer, keepAliveAgent, request } from './lib/http';
import { table } from './lib/stats';

const SECONDS = envNumber('BENCH_SECONDS', 60);
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 64);
const PG_DOWN_SECONDS = Number(process.env.BENCH_PG_DOWN_SECONDS ?? 0);
const KEYS_PER_PHASE = 8;
const withRestart = !process.argv.includes('--no-restart');
const withRolling = !process.argv.includes('--no-rolling');

interface Call {
  method: string;
  path: string;
}
// Keys 0–3 have keys:write, 4–7 do not. Each key cycles through its own list.
const WRITE_CALLS: Call[] = [
  { method: 'GET', path: '/api/v1/me' },
  { method: 'GET', path: '/api/v1/me' },
  { method: 'DELETE', path: '/api/v1/keys/key_nothere' }, // 404
  { method: 'GET', path: '/api/v1/keys?pageSize=1000' }, // 400
];
const READ_CALLS: Call[] = [
  { method: 'GET', path: '/api/v1/me' },
  { method: 'GET', path: '/api/v1/me' },
  { method: 'GET', path: '/api/v1/keys' }, // 403
];

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const isConnectionDrop = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.code === 'ECONNREFUSED' || e.message === 'socket hang up';
};

type Counts = Map<string, Map<string, number>>; // key id → status → n
const bump = (counts: Counts, keyId: string, status: string, n = 1) => {
  let byStatus = counts.get(keyId);
  if (!byStatus) counts.set(keyId, (byStatus = new Map()));
  byStatus.set(status, (byStatus.get(status) ?? 0) + n);
};

function postgresVersion(): string {
  const versions = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql') : [];
  if (versions.length !== 1) throw new Error(`expected one Postgres version in /etc/postgresql, found: ${versions.join(', ') || 'none'}`);
  return versions[0]!;
}

/** Asynchronous, so that the load keeps running (and being counted) while Postgres goes down and up. */
async function pgctl(action: 'restart' | 'stop' | 'start'): Promise<void> {
  const version = postgresVersion();
  const started = Date.now();
  try {
    await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action], { timeout: 120_000 });
  } catch (error) {
    throw new Error(`pg_ctlcluster ${version} main ${action} failed: ${(error as Error).message}`);
  }
  step(`pg_ctlcluster ${version} main ${action}: done in ${Date.now() - started} ms`);
}

async function restartPostgres(): Promise<void> {
  if (PG_DOWN_SECONDS > 0) {
    await pgctl('stop');
    step(`Postgres is down; waiting ${PG_DOWN_SECONDS} s`);
    await sleep(PG_DOWN_SECONDS * 1000);
    await pgctl('start');
  } else {
    await pgctl('restart');
  }
}

/** A fixed pool of in-flight requests for `seconds`; answers counted per key and status. */
/** `holdUntilMidwayDone`: the load goes on past `seconds` until `midway` has finished (a rolling restart is all under load). */
async function drive(baseUrl: () => string, keys: BenchKey[], seconds: number, midway?: () => Promise<void>, holdUntilMidwayDone = false) {
  const agent = keepAliveAgent(CONNECTIONS);
  const counts: Counts = new Map();
  const deadline = Date.now() + seconds * 1000;
  const cursor = new Map<string, number>();
  let next = 0;
  let answered = 0;
  let errors = 0;
  let retried = 0;
  let lastAnswered = 0;
  let lastAt = Date.now();
  const ticker = setInterval(() => {
    const now = Date.now();
    const rate = ((answered - lastAnswered) * 1000) / (now - lastAt);
    lastAnswered = answered;
    lastAt = now;
    step(
      `  ${answered.toLocaleString('en-US')} answered, ${Math.round(rate)} req/s now${errors ? `, ${errors} without an answer` : ''}, ${Math.max(0, Math.ceil((deadline - now) / 1000))} s left`,
    );
  }, 5_000);
  let midwayBusy = holdUntilMidwayDone && midway !== undefined;
  const midwayDone =
    midway &&
    sleep((seconds * 1000) / 2).then(() =>
      midway()
        .catch((error: Error) => {
          step(`midway action failed: ${error.message}`);
          throw error;
        })
        .finally(() => {
          midwayBusy = false;
        }),
    );
  const worker = async () => {
    while (Date.now() < deadline || midwayBusy) {
      const keyIndex = next++ % keys.length;
      const key = keys[keyIndex]!;
      const calls = keyIndex < keys.length / 2 ? WRITE_CALLS : READ_CALLS;
      const n = cursor.get(key.id) ?? 0;
      cursor.set(key.id, n + 1);
      const call = calls[n % calls.length]!;
      const send = () => request(agent, `${baseUrl()}${call.path}`, { method: call.method, headers: bearer(key.secret), timeoutMs: 60_000 });
      try {
        let answer;
        try {
          answer = await send();
        } catch (error) {
          // As nginx's proxy_next_upstream does: an idempotent request that got no byte back because its
          // kept-alive connection was closed under it (the server going away) is sent once more, to a server
          // in rotation. A request can only be counted by the server once it reached the handler, and then
          // it is answered: the retry cannot make a request counted twice.
          if (!IDEMPOTENT.has(call.method) || !isConnectionDrop(error)) throw error;
          retried++;
          answer = await send();
        }
        bump(counts, key.id, String(answer.status));
        answered++;
      } catch {
        bump(counts, key.id, 'error');
        errors++;
      }
    }
  };
  const started = Date.now();
  try {
    await Promise.all([...Array.from({ length: CONNECTIONS }, worker), midwayDone]);
  } finally {
    clearInterval(ticker);
    agent.destroy();
  }
  if (retried) step(`  ${retried} idempotent request(s) sent again after their connection was closed under them`);
  return { counts, answered, errors, seconds: (Date.now() - started) / 1000 };
}

/** What the database holds for these keys, read on a connection of its own (made after any restart). */
async function stored(url: string, keyIds: string[]): Promise<{ usage: Counts; logs: Counts; flushes: number }> {
  for (let attempt = 1; ; attempt++) {
    const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    try {
      const usageRows = await sql<{ api_key_id: string; status_code: number; n: string }[]>`
        select api_key_id, status_code, sum(request_count) as n from usage_logs where api_key_id = any(${keyIds}) group by 1, 2`;
      const logRows = await sql<{ api_key_id: string; status_code: number; n: string }[]>`
        select api_key_id, status_code, count(*) as n from request_logs where api_key_id = any(${keyIds}) group by 1, 2`;
      const [flushRow] = await sql<{ n: string }[]>`select count(*) as n from usage_flushes`;
      const flushes = flushRow?.n ?? 0;
      const usage: Counts = new Map();
      const logs: Counts = new Map();
      for (const r of usageRows) bump(usage, r.api_key_id, String(r.status_code), Number(r.n));
      for (const r of logRows) bump(logs, r.api_key_id, String(r.status_code), Number(r.n));
      return { usage, logs, flushes: Number(flushes) };
    } catch (error) {
      if (attempt >= 30) throw error;
      step(`reading the counts failed (${(error as Error).message}); retrying in 1 s`);
      await sleep(1000);
    } finally {
      await sql.end({ timeout: 2 });
    }
  }
}

interface PhaseResult {
  title: string;
  ok: boolean;
  lines: string[];
}

type Ctx = Parameters<Parameters<typeof runBench>[2]>[0];

/**
 * Phase 3: two servers, each restarted in turn under the load (a rolling release). The client is the
 * balancer: it sends round-robin to the servers in rotation, takes one out before its SIGTERM (as a
 * balancer does once readiness answers 503), and puts the new process in once /api/health/ready answers.
 */
async function rollingRestart(ctx: Ctx, label: string, title: string, rotation: RunningServer[], all: RunningServer[]): Promise<void> {
  for (const [i, name] of ['A', 'B'].entries()) {
    const old = rotation[0]!;
    rotation.splice(0, 1);
    step(`${title}: SIGTERM ${name} (${old.baseUrl}); the load goes to the other server meanwhile`);
    await ctx.stopServer(old);
    step(`${title}: ${name} exited (code ${old.process.exitCode}, signal ${old.process.signalCode}); starting its replacement`);
    const fresh = await ctx.startServer(`${label}-${name.toLowerCase()}${i + 2}`, { REDIS_URL: '' });
    for (let attempt = 0; attempt < 240 && (await fetch(`${fresh.baseUrl}/api/health/ready`)).status !== 200; attempt++) await sleep(250);
    all.push(fresh);
    rotation.push(fresh);
    step(`${title}: ${name} is back (${fresh.baseUrl}) and in rotation`);
  }
}

async function phase(ctx: Ctx, title: string, label: string, keys: BenchKey[], midway?: () => Promise<void>, rolling = false): Promise<PhaseResult> {
  const all: RunningServer[] = [await ctx.startServer(label, { REDIS_URL: '' })];
  if (rolling) all.push(await ctx.startServer(`${label}-b`, { REDIS_URL: '' }));
  const rotation = [...all];
  let turn = 0;
  const pick = () => rotation[turn++ % rotation.length]!.baseUrl;
  step(`${title}: ${SECONDS} s of load, ${CONNECTIONS} requests in flight, ${keys.length} keys`);
  const load = await drive(pick, keys, SECONDS, rolling ? () => rollingRestart(ctx, label, title, rotation, all) : midway, rolling);
  step(
    `${title}: ${load.answered.toLocaleString('en-US')} answered in ${load.seconds.toFixed(1)} s (${Math.round(load.answered / load.seconds)} req/s), ${load.errors} without an answer`,
  );
  step(`${title}: stopping the server${rotation.length > 1 ? 's' : ''} with SIGTERM (it flushes the metering buffer) …`);
  const stopStarted = Date.now();
  for (const server of rotation) {
    await ctx.stopServer(server);
    step(`${title}: server exited (code ${server.process.exitCode}, signal ${server.process.signalCode}) after ${Date.now() - stopStarted} ms`);
  }
  const warnings = all.flatMap((server) =>
    fs
      .readFileSync(server.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('[metering]')),
  );
  const db = await stored(
    ctx.database.env.DATABASE_URL!,
    keys.map((k) => k.id),
  );

  const rows: (string | number)[][] = [['key', 'status', 'client', 'usage_logs', 'request_logs', '']];
  let ok = load.errors === 0;
  const totals = { client: 0, usage: 0, logs: 0 };
  keys.forEach((key, i) => {
    const statuses = new Set([...(load.counts.get(key.id)?.keys() ?? []), ...(db.usage.get(key.id)?.keys() ?? []), ...(db.logs.get(key.id)?.keys() ?? [])]);
    for (const status of [...statuses].sort()) {
      const client = load.counts.get(key.id)?.get(status) ?? 0;
      const usage = db.usage.get(key.id)?.get(status) ?? 0;
      const logs = db.logs.get(key.id)?.get(status) ?? 0;
      const equal = client === usage && client === logs;
      ok &&= equal;
      totals.client += client;
      totals.usage += usage;
      totals.logs += logs;
      rows.push([`k${i} ${key.id}${i < keys.length / 2 ? ' (keys:write)' : ''}`, status, client, usage, logs, equal ? 'ok' : 'DIFF']);
    }
  });
  rows.push(['total', '', totals.client, totals.usage, totals.logs, totals.client === totals.usage && totals.client === totals.logs ? 'ok' : 'DIFF']);
  const lines = [
    title,
    `  ${load.answered.toLocaleString('en-US')} answered in ${load.seconds.toFixed(1)} s (${Math.round(load.answered / load.seconds)} req/s), ${load.errors} without an answer; ${db.flushes} flush batches in the database`,
    ...table(rows)
      .split('\n')
      .map((l) => `  ${l}`),
    ...(warnings.length ? ['  server metering warnings:', ...warnings.slice(0, 10).map((w) => `    ${w}`)] : []),
    `  every count equal: ${verdict(ok)}`,
  ];
  return { title, ok, lines };
}

runBench('metering', { timeoutSeconds: 3 * SECONDS + 900 }, async (ctx) => {
  const specs = (phaseName: string) =>
    Array.from({ length: KEYS_PER_PHASE }, (_, i) => ({
      name: `bench metering ${phaseName} k${i}`,
      scopes: i < KEYS_PER_PHASE / 2 ? (['keys:write'] as const) : (['catalog:read'] as const),
      rateLimitPerMinute: 1_000_000,
      monthlyQuota: 2_000_000_000,
    }));
  const created = await ctx.createKeys(
    [...specs('p1'), ...(withRestart ? specs('p2') : []), ...(withRolling ? specs('p3') : [])].map((s) => ({ ...s, scopes: [...s.scopes] })),
  );
  const results: PhaseResult[] = [];
  results.push(await phase(ctx, 'Phase 1 — steady load', 'phase1', created.slice(0, KEYS_PER_PHASE)));
  if (withRestart) {
    results.push(
      await phase(
        ctx,
        `Phase 2 — Postgres ${PG_DOWN_SECONDS > 0 ? `stopped for ${PG_DOWN_SECONDS} s` : 'restarted'} half-way`,
        'phase2',
        created.slice(KEYS_PER_PHASE, 2 * KEYS_PER_PHASE),
        async () => {
          step('restarting Postgres in the middle of the load …');
          await restartPostgres();
        },
      ),
    );
  }
  if (withRolling) {
    const offset = KEYS_PER_PHASE * (withRestart ? 2 : 1);
    results.push(
      await phase(
        ctx,
        'Phase 3 — rolling restart: two servers, each restarted in turn under the load',
        'phase3',
        created.slice(offset, offset + KEYS_PER_PHASE),
        undefined,
        true,
      ),
    );
  }
  console.log('');
  console.log(`bench:metering — ${SECONDS} s per phase, ${CONNECTIONS} in flight, target: client = usage_logs = request_logs per key and status`);
  for (const r of results) console.log(r.lines.join('\n'));
  console.log('');
  return results.every((r) => r.ok);
});
