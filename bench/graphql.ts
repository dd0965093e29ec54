/**
 * npm run bench:graphql — what GraphQL costs on top of the guard, in throughput.
 *
 * One production server pinned to core 0; autocannon in this process, 50 connections, pipelining 1.
 * (a) GET /api/v1/me with a valid key; (b) POST /api/v1/graphql `{ viewer { organization { name } } }` with
 * the same key: the same guard and the same answer, plus parsing, validation (limits, cost) and execution.
 * Both warm up, then run a,b alternately (BENCH_ROUNDS). Target: median req/s of b ≥ 0.5 × a (GraphQL's
 * parsing and validation must not cost more than the whole REST request).
 *
 *   BENCH_SECONDS (8) per measured run, BENCH_WARMUP_SECONDS (3), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50),
 *   BENCH_SKIP_BUILD=1 to reuse .next, BENCH_DATABASE_URL / TEST_DATABASE_URL for the Postgres server.
 */
import { envNumber, runBench, step, verdict } from './lib/harness';
import { bearer, keepAliveAgent, request } from './lib/http';
import { failures, load, type LoadRun } from './lib/load';
import { fmt, median, table } from './lib/stats';

const TARGET_RATIO = 0.5;
const seconds = envNumber('BENCH_SECONDS', 8);
const warmupSeconds = envNumber('BENCH_WARMUP_SECONDS', 3);
const connections = Math.round(envNumber('BENCH_CONNECTIONS', 50));
const rounds = Math.round(envNumber('BENCH_ROUNDS', 3));
const QUERY = '{ viewer { organization { name } } }';

runBench('graphql', { timeoutSeconds: 240 + 2 * rounds * seconds + 2 * warmupSeconds }, async (ctx) => {
  const [key] = await ctx.createKeys([{ name: 'bench graphql', rateLimitPerMinute: 100_000_000, monthlyQuota: 2_000_000_000 }]);
  const server = await ctx.startServer('server', { REDIS_URL: '' }, { cpuList: '0' });
  const variants = {
    a: { name: 'a  REST     GET /api/v1/me', url: `${server.baseUrl}/api/v1/me`, method: 'GET' as const, headers: bearer(key!.secret) },
    b: {
      name: `b  GraphQL  POST /api/v1/graphql ${QUERY}`,
      url: `${server.baseUrl}/api/v1/graphql`,
      method: 'POST' as const,
      headers: { ...bearer(key!.secret), 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    },
  };

  // Both answer 200 with the organization's name before anything is measured.
  const agent = keepAliveAgent(1);
  const a = await request(agent, variants.a.url, { headers: variants.a.headers });
  const b = await request(agent, variants.b.url, { method: 'POST', headers: variants.b.headers, body: variants.b.body });
  agent.destroy();
  const restName = (JSON.parse(a.body) as { organization?: { name?: string } }).organization?.name;
  const graphqlName = (JSON.parse(b.body) as { data?: { viewer?: { organization?: { name?: string } } } }).data?.viewer?.organization?.name;
  if (a.status !== 200 || b.status !== 200 || !restName || restName !== graphqlName) {
    throw new Error(`sanity check: /me answered ${a.status}, GraphQL ${b.status} (${b.body.slice(0, 200)})`);
  }
  step(`sanity: both 200 with the organization "${restName}"`);

  for (const id of ['a', 'b'] as const) {
    const run = await load(`warm-up ${id}`, { ...variants[id], seconds: warmupSeconds, connections });
    step(`warm-up ${id}: ${fmt(run.result.requests.average, 0)} req/s, non-2xx/errors ${failures(run.result)}`);
  }
  const runs: Record<'a' | 'b', LoadRun[]> = { a: [], b: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const id of ['a', 'b'] as const) {
      const run = await load(`${id}${round}`, { ...variants[id], seconds, connections });
      step(`run ${id}${round}: median ${fmt(median(run.perSecond), 0)} req/s, p50 ${run.result.latency.p50} ms, p99 ${run.result.latency.p99} ms`);
      runs[id].push(run);
    }
  }
  const summary = (id: 'a' | 'b') => ({
    rps: median(runs[id].flatMap((r) => r.perSecond)),
    p50: median(runs[id].map((r) => r.result.latency.p50)),
    p99: median(runs[id].map((r) => r.result.latency.p99)),
    failures: runs[id].reduce((n, r) => n + failures(r.result), 0),
  });
  const sa = summary('a');
  const sb = summary('b');
  const ratio = sb.rps / sa.rps;
  console.log('');
  console.log(`bench:graphql — ${rounds} × ${seconds} s per variant, alternating a,b; ${connections} connections; server on core 0`);
  console.log(
    table([
      ['variant', 'median req/s', 'p50 ms', 'p99 ms', 'non-2xx+errors'],
      [variants.a.name, fmt(sa.rps, 0), sa.p50, sa.p99, sa.failures],
      [variants.b.name, fmt(sb.rps, 0), sb.p50, sb.p99, sb.failures],
    ]),
  );
  // A run that measured nothing (a cold or busy machine) proves nothing either way.
  const ratioOk = sa.rps > 0 && sb.rps > 0 && ratio >= TARGET_RATIO;
  const cleanOk = sa.failures === 0 && sb.failures === 0;
  console.log(
    `REST ${fmt(sa.rps, 0)} req/s, GraphQL ${fmt(sb.rps, 0)} req/s; ratio GraphQL/REST: ${fmt(ratio, 3)}  (target ≥ ${TARGET_RATIO})  ${verdict(ratioOk)}`,
  );
  console.log(`non-2xx and errors: a ${sa.failures}, b ${sb.failures}  (target 0)  ${verdict(cleanOk)}`);
  return ratioOk && cleanOk;
});
