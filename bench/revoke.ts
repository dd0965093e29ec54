/**
 * npm run bench:revoke — how long a revoked key keeps working on another instance.
 *
 * Two servers A and B on one Postgres database. Per trial: B answers GET /api/v1/me with the target key
 * (200: B has it cached), then B is polled in a loop (one request in flight, one every ~5 ms) while
 * DELETE /api/v1/keys/{id} goes to A with an automation key (scope keys:write). Measured: from A's 200
 * to B's first 401, and from the DELETE being sent to it. Two modes: Postgres LISTEN/NOTIFY (no
 * REDIS_URL) and Redis pub/sub (REDIS_URL on both). Target: the max over the trials ≤ 1,000 ms.
 *
 *   BENCH_TRIALS (15), BENCH_POLL_MS (5), BENCH_REDIS_URL (redis://127.0.0.1:6379),
 *   BENCH_SKIP_BUILD=1, BENCH_DATABASE_URL / TEST_DATABASE_URL.
 */
import { performance } from 'node:perf_hooks';
import { benchRedisUrl, envNumber, runBench, sleep, step, verdict, type BenchContext, type BenchKey } from './lib/harness';
import { bearer, keepAliveAgent, redisAnswersPing, request } from './lib/http';
import { fmt, median, percentile, table } from './lib/stats';

const TARGET_MS = 1_000;
const trials = Math.round(envNumber('BENCH_TRIALS', 15));
const pollMs = envNumber('BENCH_POLL_MS', 5);
/** A trial gives up on B after this long (it then counts as a miss). */
const GIVE_UP_MS = 10_000;

interface Trial {
  fromAnswerMs: number;
  fromSendMs: number;
  deleteMs: number;
  polls: number;
  note?: string;
}

interface Mode {
  title: string;
  env: Record<string, string>;
  targets: BenchKey[];
  automation: BenchKey;
}

/** Polls B until it answers 401; resolves with that answer's arrival time. */
function pollUntil401(url: string, secret: string, stopAt: () => number) {
  const agent = keepAliveAgent(1);
  let polls = 0;
  const unexpected: number[] = [];
  const done = (async () => {
    try {
      for (;;) {
        const sent = performance.now();
        if (sent > stopAt()) return { at: null as number | null, polls, unexpected };
        const answer = await request(agent, url, { headers: bearer(secret), timeoutMs: 5_000 });
        polls++;
        if (answer.status === 401) return { at: answer.answeredAt, polls, unexpected };
        if (answer.status !== 200) unexpected.push(answer.status);
        const wait = pollMs - (performance.now() - sent);
        if (wait > 0) await sleep(wait);
      }
    } finally {
      agent.destroy();
    }
  })();
  return { done, polls: () => polls };
}

async function runMode(ctx: BenchContext, mode: Mode): Promise<{ lines: string[]; ok: boolean }> {
  step(`${mode.title}: starting servers A and B`);
  const a = await ctx.startServer(`${mode.env.REDIS_URL ? 'redis' : 'notify'}-a`, mode.env);
  const b = await ctx.startServer(`${mode.env.REDIS_URL ? 'redis' : 'notify'}-b`, mode.env);
  const agentA = keepAliveAgent(1);
  const agentB = keepAliveAgent(1);
  const results: Trial[] = [];
  let misses = 0;
  try {
    // Both servers have served the API before the first trial: their key caches and invalidation
    // listeners (started on the first guarded request) are up, as on any instance in service.
    for (const [server, agent] of [
      [a, agentA],
      [b, agentB],
    ] as const) {
      const answer = await request(agent, `${server.baseUrl}/api/v1/me`, { headers: bearer(mode.automation.secret) });
      if (answer.status !== 200) throw new Error(`warm-up: ${server.baseUrl} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    }
    await sleep(1_000);

    for (let i = 0; i < mode.targets.length; i++) {
      const target = mode.targets[i]!;
      const warm = await request(agentB, `${b.baseUrl}/api/v1/me`, { headers: bearer(target.secret) });
      if (warm.status !== 200) throw new Error(`trial ${i + 1}: B answered ${warm.status} to the target key before the revocation`);
      // A second look, so the poll loop starts on a cache hit.
      await request(agentB, `${b.baseUrl}/api/v1/me`, { headers: bearer(target.secret) });

      let giveUpAt = Number.POSITIVE_INFINITY;
      const poller = pollUntil401(`${b.baseUrl}/api/v1/me`, target.secret, () => giveUpAt);
      // Let the loop get going (a few 200s) before revoking.
      while (poller.polls() < 3) await sleep(1);
      const del = await request(agentA, `${a.baseUrl}/api/v1/keys/${target.id}`, { method: 'DELETE', headers: bearer(mode.automation.secret) });
      giveUpAt = del.answeredAt + GIVE_UP_MS;
      if (del.status !== 200) throw new Error(`trial ${i + 1}: DELETE on A answered ${del.status}: ${del.body.slice(0, 200)}`);
      const seen = await poller.done;
      const unexpected = seen.unexpected.length ? `unexpected statuses from B: ${[...new Set(seen.unexpected)].join(', ')}` : undefined;
      if (seen.at === null) {
        misses++;
        step(`trial ${String(i + 1).padStart(2)}: B still answered 200 ${GIVE_UP_MS} ms after A's answer  MISS`);
        continue;
      }
      const trial: Trial = {
        fromAnswerMs: seen.at - del.answeredAt,
        fromSendMs: seen.at - del.sentAt,
        deleteMs: del.answeredAt - del.sentAt,
        polls: seen.polls,
        note: unexpected,
      };
      results.push(trial);
      step(
        `trial ${String(i + 1).padStart(2)}: B's first 401 ${fmt(trial.fromAnswerMs)} ms after A's 200 ` +
          `(${fmt(trial.fromSendMs)} ms after the DELETE was sent; DELETE took ${fmt(trial.deleteMs)} ms; ${trial.polls} polls)${unexpected ? `; ${unexpected}` : ''}`,
      );
      await sleep(50);
    }
  } finally {
    agentA.destroy();
    agentB.destroy();
    await ctx.stopServer(a);
    await ctx.stopServer(b);
  }

  const fromAnswer = results.map((t) => t.fromAnswerMs);
  const fromSend = results.map((t) => t.fromSendMs);
  const worst = misses > 0 ? Number.POSITIVE_INFINITY : Math.max(...fromAnswer);
  const ok = results.length === mode.targets.length && worst <= TARGET_MS;
  const lines = [
    `${mode.title} — ${results.length}/${mode.targets.length} trials saw a 401${misses ? ` (${misses} never did within ${GIVE_UP_MS} ms)` : ''}`,
    table([
      ['ms', 'median', 'p95', 'max', 'min'],
      ["from A's 200 to B's first 401", fmt(median(fromAnswer)), fmt(percentile(fromAnswer, 95)), fmt(Math.max(...fromAnswer)), fmt(Math.min(...fromAnswer))],
      ["from the DELETE sent to B's first 401", fmt(median(fromSend)), fmt(percentile(fromSend, 95)), fmt(Math.max(...fromSend)), fmt(Math.min(...fromSend))],
      [
        'DELETE round trip on A',
        fmt(median(results.map((t) => t.deleteMs))),
        fmt(
          percentile(
            results.map((t) => t.deleteMs),
            95,
          ),
        ),
        fmt(Math.max(...results.map((t) => t.deleteMs))),
        fmt(Math.min(...results.map((t) => t.deleteMs))),
      ],
    ]),
    `per trial (from A's 200): ${fromAnswer.map((v) => fmt(v)).join(', ')}`,
    `max ${misses ? '∞ (a trial never saw 401)' : `${fmt(worst)} ms`} (target ≤ ${TARGET_MS} ms)  ${verdict(ok)}`,
  ];
  return { lines, ok };
}

runBench('revoke', { timeoutSeconds: 600 }, async (ctx) => {
  const redisUrl = benchRedisUrl();
  const keysFor = (mode: string) => [
    { name: `bench revoke automation (${mode})`, scopes: ['keys:write' as const] },
    ...Array.from({ length: trials }, (_, i) => ({ name: `bench revoke target ${i + 1} (${mode})`, rateLimitPerMinute: 1_000_000 })),
  ];
  const created = await ctx.createKeys([...keysFor('notify'), ...keysFor('redis')]);
  const [notifyAutomation, ...notifyTargets] = created.slice(0, trials + 1);
  const [redisAutomation, ...redisTargets] = created.slice(trials + 1);

  const sections: { lines: string[]; ok: boolean }[] = [];
  sections.push(
    await runMode(ctx, {
      title: 'Mode 1 — Postgres LISTEN/NOTIFY (no REDIS_URL)',
      env: { REDIS_URL: '' },
      targets: notifyTargets,
      automation: notifyAutomation!,
    }),
  );

  const title2 = `Mode 2 — Redis pub/sub (REDIS_URL=${redisUrl} on both)`;
  const ping = await redisAnswersPing(redisUrl);
  if (!ping.ok) {
    step(`Redis at ${redisUrl} is unreachable (${ping.detail}): mode 2 cannot run`);
    sections.push({ lines: [title2, `  Redis unreachable (${ping.detail})  FAIL`], ok: false });
  } else {
    sections.push(await runMode(ctx, { title: title2, env: { REDIS_URL: redisUrl }, targets: redisTargets, automation: redisAutomation! }));
  }

  console.log('');
  console.log(`bench:revoke — ${trials} trials per mode; B polled every ~${pollMs} ms, one request in flight`);
  for (const s of sections) console.log(`${s.lines.join('\n')}\n`);
  return sections.every((s) => s.ok);
});
