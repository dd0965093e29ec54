/**
 * npm run bench:secrets — `partner-portal secrets pull` end to end, process start to exit.
 *
 * A fresh database; in the seeded `acme` org, a live key with `secrets:read` and 200 secrets in
 * `production` created through the secret module (`createSecretSpec`: encrypted, audited, as the
 * portal's form does), with realistic values: connection URLs, 40-character tokens, a few values that
 * need quoting, two PEM private keys of ~2 KB. Then against the production server:
 * `node bin/partner-portal.mjs secrets pull --env production --out <file>` BENCH_RUNS (30) times after
 * 3 warm-ups, timed with spawnSync from the bench process, and, interleaved in the same run, bare Node
 * start-up (`node -e ""`) and the server's answer alone (the same GET from the bench process).
 * The pulled file must hold the 200 seeded values exactly (the decryption path and the .env round trip).
 * Target: median ≤ 300 ms.
 *
 *   BENCH_RUNS (30), BENCH_SKIP_BUILD=1, BENCH_DATABASE_URL / TEST_DATABASE_URL,
 *   PORTAL_MASTER_KEY (else a random one for this run).
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { closeDatabase, installDatabase } from '@/db';
import { partners, users, type SecretKind } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { loadActor } from '@/lib/auth/actor';
import { parseDotenv } from '@/lib/secrets/dotenv';
import { ensureDefaultEnvironments } from '@/lib/secrets/environments';
import { createSecretSpec } from '@/lib/secrets/write-secrets';
import { envNumber, runBench, step, verdict, type BenchContext } from './lib/harness';
import { fmt, median, percentile, table } from './lib/stats';
import { testMasterKey } from '../scripts/lib/test-server';

const TARGET_MS = 300;
const SECRET_COUNT = 200;
const ENVIRONMENT = 'production';
const WARMUPS = 3;
const runs = Math.round(envNumber('BENCH_RUNS', 30));
const bin = path.join(process.cwd(), 'bin', 'partner-portal.mjs');

interface SeedSecret {
  name: string;
  value: string;
  kind: SecretKind;
}

/** Deterministic values (mulberry32), so every run pulls the same shape of data. */
function makeSecrets(count: number): SeedSecret[] {
  let seed = 20_260_101;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const token = (length: number) => Array.from({ length }, () => base62[Math.floor(random() * 62)]).join('');
  const services = ['BILLING', 'ORDERS', 'SEARCH', 'MAILER', 'ANALYTICS', 'AUTH', 'INVENTORY', 'SHIPPING', 'NOTIFY', 'REPORTS'];
  const pem = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  const out: SeedSecret[] = [
    // Two multi-line PEM blocks of ~2 KB: each becomes one escaped line in the .env.
    { name: 'JWT_SIGNING_KEY', value: pem(2560), kind: 'api_key' },
    { name: 'SAML_PRIVATE_KEY', value: pem(2560), kind: 'api_key' },
    // Values a .env has to quote.
    { name: 'SMTP_PASSWORD', value: `p@ss w0rd #1 $HOME "quoted" \\ ${token(12)}`, kind: 'env_var' },
    {
      name: 'FEATURE_FLAGS',
      value: JSON.stringify({ checkout: 'v2', search: { beta: true, ratio: 0.25 }, regions: ['eu-west-1', 'us-east-1'] }),
      kind: 'env_var',
    },
    { name: 'WELCOME_TEXT', value: 'Bienvenue chez Acme — ¡hola! 你好 🔑', kind: 'env_var' },
    { name: 'OPTIONAL_WEBHOOK_SECRET', value: '', kind: 'env_var' },
  ];
  for (let i = 0; out.length < count; i++) {
    const service = `${services[i % services.length]}_${Math.floor(i / services.length) + 1}`;
    const host = service.toLowerCase().replace(/_/g, '-');
    const variants: SeedSecret[] = [
      {
        name: `${service}_DATABASE_URL`,
        value: `postgres://${host}:${token(24)}@${host}.db.internal.example.com:5432/${host}?sslmode=require`,
        kind: 'env_var',
      },
      { name: `${service}_API_TOKEN`, value: token(40), kind: 'api_key' },
      { name: `${service}_REDIS_URL`, value: `rediss://default:${token(32)}@${host}.cache.example.com:6380/0`, kind: 'env_var' },
      { name: `${service}_STRIPE_KEY`, value: `sk_live_${token(32)}`, kind: 'api_key' },
      { name: `${service}_WEBHOOK_URL`, value: `https://hooks.example.com/services/T${token(8)}/B${token(10)}/${token(24)}`, kind: 'env_var' },
      { name: `${service}_GITHUB_TOKEN`, value: `ghp_${token(36)}`, kind: 'api_key' },
      { name: `${service}_TIMEOUT_MS`, value: String(1000 + Math.floor(random() * 29_000)), kind: 'env_var' },
    ];
    for (const secret of variants) if (out.length < count) out.push(secret);
  }
  return out;
}

/** Creates the secrets through the secret module as acme's partner admin would, in this process. */
async function seedSecrets(ctx: BenchContext, secrets: SeedSecret[]): Promise<void> {
  const handle = ctx.database.connect();
  if (!handle) throw new Error('the benchmark needs a Postgres database');
  installDatabase(handle);
  try {
    const [acme] = await handle.db.select({ id: partners.id }).from(partners).where(eq(partners.slug, 'acme'));
    if (!acme) throw new Error('the seed has no `acme` organization');
    await ensureDefaultEnvironments(handle.db, acme.id);
    const [admin] = await handle.db
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.email})`, 'alice@acme.test'));
    const actor = admin ? await loadActor(handle.db, admin.id) : null;
    if (!actor) throw new Error('the seed has no partner admin alice@acme.test');
    const started = performance.now();
    for (const [i, secret] of secrets.entries()) {
      const { result } = await executeAction(
        createSecretSpec,
        { environment: ENVIRONMENT, name: secret.name, kind: secret.kind, value: secret.value },
        { actor, meta: { ip: '127.0.0.1', userAgent: 'bench:secrets' } },
      );
      // The error names fields, never the value.
      if (!result.ok) throw new Error(`creating ${secret.name} failed: ${result.error} ${JSON.stringify(result.fieldErrors ?? {})}`);
      if ((i + 1) % 50 === 0 || i + 1 === secrets.length) step(`seeded ${i + 1}/${secrets.length} secrets in acme/${ENVIRONMENT}`);
    }
    step(`seeding took ${fmt((performance.now() - started) / 1000)} s`);
  } finally {
    await closeDatabase();
  }
}

interface Timed {
  ms: number;
  /** User + system CPU time of the process (10 ms ticks; meaningful as an average over runs). */
  cpuMs: number | null;
  status: number | null;
  stderr: string;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU ticks of a process (utime + stime), or of its waited-for children (cutime + cstime), from /proc. */
function procTicks(pid: number | 'self', which: 'own' | 'children'): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return which === 'own' ? Number(fields[11]) + Number(fields[12]) : Number(fields[13]) + Number(fields[14]);
  } catch {
    return null;
  }
}

const loadAverage = () => {
  try {
    return fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
  } catch {
    return '?';
  }
};

function timeProcess(args: string[], env: NodeJS.ProcessEnv): Timed {
  const ticksBefore = procTicks('self', 'children');
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 60_000 });
  const ms = performance.now() - started;
  const ticksAfter = procTicks('self', 'children');
  const cpuMs = ticksBefore === null || ticksAfter === null ? null : (ticksAfter - ticksBefore) * TICK_MS;
  return { ms, cpuMs, status: child.status, stderr: child.stderr ?? '' };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The same request as the CLI's, from this process: what the server alone takes. */
async function timeServer(url: string, apiKey: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
  await response.text();
  if (response.status !== 200) throw new Error(`GET /api/v1/secrets answered ${response.status}`);
  return performance.now() - started;
}

function verifyPulled(file: string, seeded: SeedSecret[]): { ok: boolean; lines: string[] } {
  const text = fs.readFileSync(file, 'utf8');
  const mode = fs.statSync(file).mode & 0o777;
  const parsed = parseDotenv(text);
  const lineCount = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length;
  const pulled = new Map(parsed.entries.map((e) => [e.name, e.value]));
  const missing = seeded.filter((s) => !pulled.has(s.name)).map((s) => s.name);
  // Names only in the report: never a value.
  const different = seeded.filter((s) => pulled.has(s.name) && pulled.get(s.name) !== s.value).map((s) => s.name);
  const extra = [...pulled.keys()].filter((name) => !seeded.some((s) => s.name === name));
  const ok =
    parsed.errors.length === 0 &&
    parsed.entries.length === seeded.length &&
    lineCount === seeded.length &&
    missing.length === 0 &&
    different.length === 0 &&
    extra.length === 0 &&
    mode === 0o600;
  const lines = [
    `pulled file: ${lineCount} lines, ${parsed.entries.length} entries, ${fmt(Buffer.byteLength(text) / 1024)} KB, mode ${mode.toString(8)}; ` +
      `${seeded.length - missing.length - different.length}/${seeded.length} values equal to the seeded ones` +
      (parsed.errors.length ? `; ${parsed.errors.length} parse errors (first: ${parsed.errors[0]!.message})` : '') +
      (missing.length ? `; missing: ${missing.slice(0, 5).join(', ')}` : '') +
      (different.length ? `; different: ${different.slice(0, 5).join(', ')}` : '') +
      (extra.length ? `; unexpected: ${extra.slice(0, 5).join(', ')}` : '') +
      `  ${verdict(ok)}`,
  ];
  return { ok, lines };
}

runBench('secrets', { timeoutSeconds: 900 }, async (ctx) => {
  // The server refuses to start in production without it; the bench process seals with the same key.
  const masterKey = testMasterKey();

  const [key] = await ctx.createKeys([
    { name: 'bench secrets pull', scopes: ['secrets:read'], environment: 'live', rateLimitPerMinute: 1_000_000, monthlyQuota: 1_000_000_000 },
  ]);
  step(`generating ${SECRET_COUNT} secret values (two RSA keys) …`);
  const seeded = makeSecrets(SECRET_COUNT);
  await seedSecrets(ctx, seeded);

  const server = await ctx.startServer('secrets', { PORTAL_MASTER_KEY: masterKey });
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-bench-secrets-out-'));
  const outFile = path.join(outDir, '.env');
  try {
    const env = { ...process.env, PORTAL_URL: server.baseUrl, PORTAL_API_KEY: key!.secret };
    const pullArgs = [bin, 'secrets', 'pull', '--env', ENVIRONMENT, '--out', outFile];
    const apiUrl = `${server.baseUrl}/api/v1/secrets?environment=${ENVIRONMENT}&format=dotenv`;

    step(`warming up: ${WARMUPS} pulls`);
    for (let i = 0; i < WARMUPS; i++) {
      const warm = timeProcess(pullArgs, env);
      // stderr is the CLI's one-line message: it names no value.
      if (warm.status !== 0) throw new Error(`partner-portal secrets pull exited with ${warm.status}: ${warm.stderr.trim()}`);
      step(`  warm-up ${i + 1}: ${fmt(warm.ms)} ms — ${warm.stderr.trim()}`);
    }

    const pulls: number[] = [];
    const bare: number[] = [];
    const serverOnly: number[] = [];
    const pullCpu: number[] = [];
    const bareCpu: number[] = [];
    const serverPid = server.process.pid!;
    const serverTicksBefore = procTicks(serverPid, 'own');
    const loadBefore = loadAverage();
    step(`measuring: ${runs} × (pull, node -e "", GET from this process), interleaved; load average ${loadBefore} on ${os.availableParallelism()} cores`);
    for (let i = 0; i < runs; i++) {
      fs.rmSync(outFile, { force: true });
      const pull = timeProcess(pullArgs, env);
      if (pull.status !== 0) throw new Error(`run ${i + 1}: partner-portal secrets pull exited with ${pull.status}: ${pull.stderr.trim()}`);
      pulls.push(pull.ms);
      if (pull.cpuMs !== null) pullCpu.push(pull.cpuMs);
      const node = timeProcess(['-e', ''], env);
      if (node.status !== 0) throw new Error(`node -e "" exited with ${node.status}`);
      bare.push(node.ms);
      if (node.cpuMs !== null) bareCpu.push(node.cpuMs);
      serverOnly.push(await timeServer(apiUrl, key!.secret));
      if ((i + 1) % 10 === 0)
        step(`  ${i + 1}/${runs}: pull median so far ${fmt(median(pulls))} ms, bare node ${fmt(median(bare))} ms, server ${fmt(median(serverOnly))} ms`);
    }

    const serverTicksAfter = procTicks(serverPid, 'own');
    const loadAfter = loadAverage();
    const check = verifyPulled(outFile, seeded);
    const row = (label: string, values: number[]) => [
      label,
      fmt(median(values)),
      fmt(percentile(values, 90)),
      fmt(Math.max(...values)),
      fmt(Math.min(...values)),
    ];
    const pullMedian = median(pulls);
    const ok = pullMedian <= TARGET_MS && check.ok;
    console.log('');
    console.log(`bench:secrets — ${SECRET_COUNT} secrets in ${ENVIRONMENT}; ${runs} runs each after ${WARMUPS} warm-up pulls; wall clock from spawn to exit`);
    console.log(
      table([
        ['ms', 'median', 'p90', 'max', 'min'],
        row('partner-portal secrets pull --out', pulls),
        row('node -e "" (bare Node start-up)', bare),
        row('GET /api/v1/secrets (server alone, from the bench process)', serverOnly),
      ]),
    );
    console.log(
      `pull / bare Node: ${fmt(pullMedian / median(bare), 2)}×; pull − bare Node: ${fmt(pullMedian - median(bare))} ms (the request, the server and the CLI's own work)`,
    );
    // CPU time is what other load on the machine disturbs least: the figures to compare across runs.
    if (pullCpu.length && bareCpu.length) {
      const serverCpu =
        serverTicksBefore !== null && serverTicksAfter !== null
          ? ` · server ${fmt(((serverTicksAfter - serverTicksBefore) * TICK_MS) / (2 * runs))} ms per request`
          : '';
      console.log(`CPU time (user + system, mean): pull ${fmt(mean(pullCpu))} ms · bare Node ${fmt(mean(bareCpu))} ms${serverCpu}`);
    }
    const cores = os.availableParallelism();
    const busy = Math.max(Number(loadBefore), Number(loadAfter)) > cores;
    console.log(
      `load average ${loadBefore} → ${loadAfter} on ${cores} cores${busy ? ': the machine was busy, so the wall-clock figures include waiting for a CPU' : ''}`,
    );
    for (const line of check.lines) console.log(line);
    console.log(`median ${fmt(pullMedian)} ms (target ≤ ${TARGET_MS} ms)  ${verdict(pullMedian <= TARGET_MS)}`);
    return ok;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
    await ctx.stopServer(server);
  }
});
