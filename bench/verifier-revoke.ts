/**
 * npm run bench:verifier-revoke — how long a revoked key keeps working in embedded verifiers.
 *
 * BENCH_VERIFIERS (4) verifier processes sync from the production server. Per trial (BENCH_TRIALS, 30):
 * every verifier checks a key every millisecond (and has said it is valid), the key is revoked with
 * DELETE /api/v1/keys/{id}, and each verifier reports when it first refuses it; measured from the
 * DELETE's 200. Then the portal is stopped: each verifier must answer STALE within maxStalenessMs (2,000)
 * + 500 ms. Targets: p99 ≤ 1,000 ms and max ≤ 1,500 ms; stale within 2,500 ms.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { envNumber, runBench, step, verdict } from './lib/harness';
import { bearer, keepAliveAgent, request } from './lib/http';
import { fmt, percentile, table } from './lib/stats';

const VERIFIERS = Math.round(envNumber('BENCH_VERIFIERS', 4));
const TRIALS = Math.round(envNumber('BENCH_TRIALS', 30));

type WorkerMessage = { ready?: boolean; keys?: number; valid?: boolean; refused?: boolean; code?: string; at?: number };

function next(worker: ChildProcess, predicate: (m: WorkerMessage) => boolean, timeoutMs = 30_000): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('a verifier did not answer in time')), timeoutMs);
    const listener = (message: WorkerMessage) => {
      if (!predicate(message)) return;
      clearTimeout(timer);
      worker.off('message', listener);
      resolve(message);
    };
    worker.on('message', listener);
  });
}

runBench('verifier-revoke', { timeoutSeconds: 1_200 }, async (ctx) => {
  const keys = await ctx.createKeys([
    { name: 'bench verifier credential', scopes: ['keys:sync'], environment: 'live', rateLimitPerMinute: 1_000_000_000 },
    { name: 'bench automation', scopes: ['keys:write'], environment: 'live', rateLimitPerMinute: 1_000_000_000 },
    ...Array.from({ length: TRIALS }, (_, i) => ({ name: `revoke target ${i}`, rateLimitPerMinute: 1_000_000_000 })),
  ]);
  const [credential, automation, ...targets] = keys;
  const server = await ctx.startServer('portal');
  const workers = Array.from({ length: VERIFIERS }, () =>
    fork(path.join(process.cwd(), 'bench', 'lib', 'verifier-worker.ts'), {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, PORTAL_URL: server.baseUrl, VERIFIER_CREDENTIAL: credential!.secret },
    }),
  );
  try {
    await Promise.all(workers.map((w) => next(w, (m) => m.ready === true, 120_000)));
    step(`${VERIFIERS} verifier processes synced`);
    const agent = keepAliveAgent(1);
    const delays: number[] = [];
    for (const [trial, target] of targets.entries()) {
      const valid = workers.map((w) => next(w, (m) => m.valid === true));
      const refused = workers.map((w) => next(w, (m) => m.refused === true));
      for (const w of workers) w.send({ watch: target!.secret });
      await Promise.all(valid);
      const answer = await request(agent, `${server.baseUrl}/api/v1/keys/${target!.id}`, { method: 'DELETE', headers: bearer(automation!.secret) });
      const revokedAt = Date.now();
      if (answer.status !== 200) throw new Error(`DELETE answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      const times = (await Promise.all(refused)).map((m) => Math.max(0, m.at! - revokedAt));
      delays.push(...times);
      step(`trial ${trial + 1}: refused after ${times.map((t) => `${t} ms`).join(', ')}`);
    }
    agent.destroy();

    step('stopping the portal …');
    const stale = workers.map((w) => next(w, (m) => m.refused === true));
    for (const w of workers) w.send({ watchStale: true });
    const stoppedAt = Date.now();
    await ctx.stopServer(server);
    const staleAfter = (await Promise.all(stale)).map((m) => m.at! - stoppedAt);

    const p99 = percentile(delays, 99);
    const max = Math.max(...delays);
    const revokeOk = p99 <= 1_000 && max <= 1_500;
    const staleOk = Math.max(...staleAfter) <= 2_500;
    console.log(
      table([
        ['', 'p50', 'p99', 'max', 'target', ''],
        [
          `revocation (${delays.length} = ${TRIALS} trials × ${VERIFIERS})`,
          `${fmt(percentile(delays, 50), 0)} ms`,
          `${fmt(p99, 0)} ms`,
          `${fmt(max, 0)} ms`,
          'p99 ≤ 1,000, max ≤ 1,500',
          verdict(revokeOk),
        ],
        ['portal stopped → STALE', '', '', `${fmt(Math.max(...staleAfter), 0)} ms`, '≤ 2,500', verdict(staleOk)],
      ]),
    );
    return revokeOk && staleOk;
  } finally {
    for (const w of workers) w.kill('SIGTERM');
  }
});
