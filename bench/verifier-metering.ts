/**
 * npm run bench:verifier-metering — embedded verifiers meter back exactly, through a portal restart.
 *
 * BENCH_VERIFIERS (4) verifier processes sync from the production server and verify a mix for
 * BENCH_SECONDS (60) at BENCH_RATE (2,000) verifications/s each: a key with its scope (200), the same key
 * without the scope asked (403), a revoked key (401), a key limited to 60/min (429 rate limit) and a key
 * with a monthly quota of BENCH_QUOTA (3,000; 200 until spent, then 429). Half-way the portal is stopped
 * (SIGTERM) and started again on the same port; verifiers go stale meanwhile (answers without a key,
 * not metered) and post their buffered batches when it is back. Then:
 *  - the portal's usage_logs equal the clients' counts per key and status;
 *  - the quota key was admitted exactly BENCH_QUOTA times over all verifiers, never more.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { envNumber, runBench, sleep, step, verdict } from './lib/harness';
import { bearer, keepAliveAgent, request } from './lib/http';
import { table } from './lib/stats';

const VERIFIERS = Math.round(envNumber('BENCH_VERIFIERS', 4));
const SECONDS = envNumber('BENCH_SECONDS', 60);
const RATE = envNumber('BENCH_RATE', 2_000);
const QUOTA = Math.round(envNumber('BENCH_QUOTA', 3_000));

interface Done {
  tally: Record<string, number>;
  unmetered: Record<string, number>;
  status: { reportedRequests: number; unreportedRequests: number; dropped: number };
}

function next<T>(worker: ChildProcess, predicate: (m: Record<string, unknown>) => boolean, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a verifier did not answer in time')), timeoutMs);
    const listener = (message: Record<string, unknown>) => {
      if (!predicate(message)) return;
      clearTimeout(timer);
      worker.off('message', listener);
      resolve(message as T);
    };
    worker.on('message', listener);
  });
}

runBench('verifier-metering', { timeoutSeconds: 1_200 }, async (ctx) => {
  const url = ctx.database.env.DATABASE_URL!;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  // The organization's own ceiling and shared quota out of the way: the keys' settings decide.
  await sql`update partners set key_rate_limit_per_minute = 1000000000, monthly_quota = 2000000000 where slug = 'acme'`;
  await sql.end();
  const [credential, automation, scoped, revoked, limited, quota] = await ctx.createKeys([
    { name: 'bench verifier credential', scopes: ['keys:sync'], environment: 'live', rateLimitPerMinute: 1_000_000_000 },
    // Holds every scope of the key it revokes (a key may only manage keys within its own scopes).
    { name: 'bench automation', scopes: ['keys:write', 'catalog:read'], environment: 'live', rateLimitPerMinute: 1_000_000_000 },
    { name: 'mix: scoped', scopes: ['catalog:read'], rateLimitPerMinute: 1_000_000_000 },
    { name: 'mix: revoked', scopes: ['catalog:read'], rateLimitPerMinute: 1_000_000_000 },
    { name: 'mix: 60 per minute', scopes: ['catalog:read'], rateLimitPerMinute: 60 },
    { name: `mix: quota ${QUOTA}`, scopes: ['catalog:read'], rateLimitPerMinute: 1_000_000_000, monthlyQuota: QUOTA },
  ]);

  let server = await ctx.startServer('portal');
  const port = Number(new URL(server.baseUrl).port);
  const agent = keepAliveAgent(1);
  const revoke = await request(agent, `${server.baseUrl}/api/v1/keys/${revoked!.id}`, { method: 'DELETE', headers: bearer(automation!.secret) });
  agent.destroy();
  if (revoke.status !== 200) throw new Error(`revoking the mix’s revoked key answered ${revoke.status}: ${revoke.body.slice(0, 300)}`);

  const workers = Array.from({ length: VERIFIERS }, () =>
    fork(path.join(process.cwd(), 'bench', 'lib', 'verifier-metering-worker.ts'), {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, PORTAL_URL: server.baseUrl, VERIFIER_CREDENTIAL: credential!.secret },
    }),
  );
  try {
    await Promise.all(workers.map((w) => next(w, (m) => m.ready === true, 120_000)));
    step(`${VERIFIERS} verifiers synced; ${SECONDS} s of load at ~${RATE}/s each`);
    const calls = [
      { secret: scoped!.secret, scope: 'catalog:read' },
      { secret: scoped!.secret, scope: 'usage:read' },
      { secret: revoked!.secret, scope: 'catalog:read' },
      { secret: limited!.secret, scope: 'catalog:read' },
      { secret: quota!.secret, scope: 'catalog:read' },
    ];
    const done = workers.map((w) => next<Done>(w, (m) => 'tally' in m, (SECONDS + 120) * 1000));
    for (const w of workers) w.send({ run: { calls, seconds: SECONDS, perSecond: RATE } });

    await sleep((SECONDS / 2) * 1000);
    step('half-way: stopping the portal (SIGTERM) …');
    await ctx.stopServer(server);
    step(`portal exited (code ${server.process.exitCode}); starting it again on port ${port}`);
    server = await ctx.startServer('portal', {}, { port, appendLog: true });
    step('portal is back');

    const results = await Promise.all(done);
    await sleep(1_500); // the portal's own metering flush of the posted batches
    await ctx.stopServer(server); // SIGTERM flushes what is buffered

    const client = new Map<string, number>();
    const unmetered: Record<string, number> = {};
    let dropped = 0;
    for (const result of results) {
      for (const [id, n] of Object.entries(result.tally)) client.set(id, (client.get(id) ?? 0) + n);
      for (const [code, n] of Object.entries(result.unmetered)) unmetered[code] = (unmetered[code] ?? 0) + n;
      dropped += result.status.dropped;
    }
    const read = postgres(url, { max: 1, onnotice: () => {} });
    const keyIds = [scoped!.id, revoked!.id, limited!.id, quota!.id];
    const rows = await read<{ api_key_id: string; status_code: number; n: string }[]>`
      select api_key_id, status_code, sum(request_count) as n from usage_logs where api_key_id = any(${keyIds}) group by 1, 2`;
    await read.end();
    const stored = new Map(rows.map((r) => [`${r.api_key_id} ${r.status_code}`, Number(r.n)]));

    const names = new Map([scoped, revoked, limited, quota].map((k) => [k!.id, k!.name]));
    const lines: (string | number)[][] = [['key', 'status', 'clients', 'usage_logs', '']];
    let equal = true;
    for (const id of [...new Set([...client.keys(), ...stored.keys()])].sort()) {
      const [keyId, status] = id.split(' ');
      const a = client.get(id) ?? 0;
      const b = stored.get(id) ?? 0;
      if (a !== b) equal = false;
      lines.push([names.get(keyId!) ?? keyId!, status!, a, b, a === b ? 'equal' : 'DIFFERENT']);
    }
    console.log(table(lines));
    const admitted = client.get(`${quota!.id} 200`) ?? 0;
    const quotaOk = admitted === QUOTA;
    console.log(`answers without a key (not metered): ${JSON.stringify(unmetered)}; dropped by the verifiers: ${dropped}`);
    console.log(`usage_logs equal the clients' counts per key and status: ${verdict(equal && dropped === 0)}`);
    console.log(`quota of ${QUOTA} over ${VERIFIERS} verifiers admitted ${admitted}: ${verdict(quotaOk)}`);
    return equal && dropped === 0 && quotaOk;
  } finally {
    for (const w of workers) w.kill('SIGTERM');
  }
});
