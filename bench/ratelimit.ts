/**
 * npm run bench:ratelimit — does the per-key limit hold under a burst, on one instance and across two?
 *
 * A key limited to 100 requests a minute; 1,000 GET /api/v1/me at once (at most 100 in flight per
 * server). Part 1: one server, in-memory limiter. Part 2: two servers sharing the limit through Redis
 * (REDIS_URL), the requests alternating between them, with a second key (a fresh counter).
 * Target for each: exactly 100 × 2xx and 900 × 429.
 *
 *   BENCH_REDIS_URL (redis://127.0.0.1:6379), BENCH_SKIP_BUILD=1, BENCH_DATABASE_URL / TEST_DATABASE_URL.
 */
import { awayFromMinuteBoundary, benchRedisUrl, runBench, step, verdict } from './lib/harness';
import { bearer, burst, describeCounts, keepAliveAgent, redisAnswersPing, request, type Answer } from './lib/http';

const LIMIT = 100;
const TOTAL = 1_000;
const IN_FLIGHT_PER_SERVER = 100;

interface PartResult {
  title: string;
  ok: boolean;
  lines: string[];
}

async function warm(urls: string[], secret: string) {
  const agent = keepAliveAgent(1);
  try {
    for (const url of urls) {
      const answer = await request(agent, `${url}/api/v1/me`, { headers: bearer(secret) });
      if (answer.status !== 200) throw new Error(`warm-up: ${url} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    }
  } finally {
    agent.destroy();
  }
}

function headerLine(sample: Record<string, Answer>): string {
  const ok = sample['200'];
  const limited = sample['429'];
  const parts: string[] = [];
  if (ok)
    parts.push(
      `a 200 had RateLimit-Limit ${ok.headers['ratelimit-limit']}, -Remaining ${ok.headers['ratelimit-remaining']}, -Reset ${ok.headers['ratelimit-reset']}`,
    );
  if (limited) parts.push(`a 429 had Retry-After ${limited.headers['retry-after']}, type ${(JSON.parse(limited.body) as { type?: string }).type}`);
  return parts.join('; ');
}

async function measure(title: string, servers: string[], secret: string): Promise<PartResult> {
  await awayFromMinuteBoundary();
  // Request i goes to server i mod n: with two servers, they alternate.
  const targets = Array.from({ length: TOTAL }, (_, i) => `${servers[i % servers.length]}/api/v1/me`);
  step(`${title}: sending ${TOTAL} requests at once (≤ ${IN_FLIGHT_PER_SERVER} in flight per server, ${servers.length} server(s))`);
  const { counts, elapsedMs, sample } = await burst(targets, bearer(secret), IN_FLIGHT_PER_SERVER);
  const ok2xx = Object.entries(counts)
    .filter(([s]) => /^2\d\d$/.test(s))
    .reduce((n, [, c]) => n + c, 0);
  const n429 = counts['429'] ?? 0;
  const ok = ok2xx === LIMIT && n429 === TOTAL - LIMIT;
  const lines = [
    `${title}`,
    `  statuses: ${describeCounts(counts)}  (in ${Math.round(elapsedMs)} ms)`,
    `  2xx ${ok2xx} (expect ${LIMIT}), 429 ${n429} (expect ${TOTAL - LIMIT})  ${verdict(ok)}`,
    `  ${headerLine(sample)}`,
  ];
  step(`${title}: ${describeCounts(counts)}`);
  return { title, ok, lines };
}

runBench('ratelimit', { timeoutSeconds: 300 }, async (ctx) => {
  const [warmKey, memoryKey, redisKey] = await ctx.createKeys([
    { name: 'bench ratelimit warm-up', rateLimitPerMinute: 1_000_000 },
    { name: 'bench ratelimit in-memory', rateLimitPerMinute: LIMIT },
    { name: 'bench ratelimit redis', rateLimitPerMinute: LIMIT },
  ]);
  const results: PartResult[] = [];

  // Part 1: one instance, its own counters (REDIS_URL explicitly empty, whatever this shell has).
  const single = await ctx.startServer('single', { REDIS_URL: '' });
  await warm([single.baseUrl], warmKey!.secret);
  results.push(await measure('Part 1 — one server, in-memory limiter', [single.baseUrl], memoryKey!.secret));
  await ctx.stopServer(single);

  // Part 2: two instances, one limit through Redis.
  const redisUrl = benchRedisUrl();
  const title2 = 'Part 2 — two servers, limiter shared through Redis';
  const ping = await redisAnswersPing(redisUrl);
  if (!ping.ok) {
    step(`Redis at ${redisUrl} is unreachable (${ping.detail}): part 2 cannot run`);
    results.push({ title: title2, ok: false, lines: [title2, `  Redis at ${redisUrl} is unreachable (${ping.detail})  FAIL`] });
  } else {
    step(`Redis at ${redisUrl} answers PING`);
    const a = await ctx.startServer('redis-a', { REDIS_URL: redisUrl });
    const b = await ctx.startServer('redis-b', { REDIS_URL: redisUrl });
    await warm([a.baseUrl, b.baseUrl], warmKey!.secret);
    results.push(await measure(title2, [a.baseUrl, b.baseUrl], redisKey!.secret));
  }

  console.log('');
  console.log(`bench:ratelimit — key limit ${LIMIT}/min, ${TOTAL} concurrent GET /api/v1/me`);
  for (const r of results) console.log(r.lines.join('\n'));
  console.log('');
  return results.every((r) => r.ok);
});
