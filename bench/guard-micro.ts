/**
 * The /api/v1 guard in-process, without HTTP, Next.js or a database: what `defineApiRoute` adds to a
 * cache-hit `GET /api/v1/me` over building the same JSON response, and what each step of the chain
 * costs. A companion to `npm run bench:guard` (which measures the whole server) for finding where the
 * guard's CPU goes; not a target of its own.
 *
 *   npx tsx --conditions=react-server --tsconfig tsconfig.json bench/guard-micro.ts [iterations=200000]
 *
 * The process state the guard reads is filled in beforehand (key cache, endpoint lifecycles, quota
 * counters, a started invalidation listener and metering timer), so nothing here touches Postgres.
 */
import { LRUCache } from 'lru-cache';
import type { apiKeys, partners } from '@/db/schema';
import { defineApiRoute } from '@/lib/api/define-api-route';
import { authenticateRequest, rateLimitHeaders } from '@/lib/api/authenticate-key';
import { getRateLimiter } from '@/lib/api/rate-limit';
import { meBody, meRoute } from '@/lib/api/routes/me';
import { endpointLifecycle } from '@/lib/catalog/endpoint-lifecycle';
import { clientIp } from '@/lib/http/client-ip';
import { randomBase62 } from '@/lib/ids';
import { peekKeyByHash } from '@/lib/keys/key-cache';
import { generateApiKey, hashApiKey, parseApiKey, readApiKey } from '@/lib/keys/key-format';
import { buildKeyRecord, type KeyRecord } from '@/lib/keys/key-record';
import { noteKeyUsed } from '@/lib/keys/last-used';
import { recordRequest } from '@/lib/usage/metering-buffer';
import { consumeQuota } from '@/lib/usage/quota';
import { monthKey } from '@/lib/usage/request-record';

const iterations = Number(process.argv[2] ?? 200_000);
const g = globalThis as Record<string, unknown>;
const FAR = Number.MAX_SAFE_INTEGER;

// ---- process state, as after the warm-up of a real server ----
const secret = generateApiKey('test').secret;
const now = Date.now();
const keyRow = {
  id: 'key_MicroBench000000000000',
  partnerId: 'org_MicroBench000000000000',
  keyName: 'bench guard',
  tokenPrefix: secret.slice(0, 14),
  environment: 'test',
  scopes: ['keys:write'],
  secretEnvironments: null,
  ipAllowlist: [],
  expiresAt: null,
  rateLimitPerMinute: 100_000_000,
  monthlyQuota: 2_000_000_000,
  isActive: true,
  revokedAt: null,
  rotatedAt: null,
  ceiling: {
    origin: 'system',
    keyEnvironments: ['test', 'live'],
    scopes: ['keys:write'],
    secretEnvironments: null,
    ipAllowlist: null,
    expiresAt: null,
    rateLimitPerMinute: null,
    monthlyQuota: null,
  },
} as unknown as typeof apiKeys.$inferSelect;
const partnerRow = {
  id: 'org_MicroBench000000000000',
  name: 'Acme',
  slug: 'acme',
  status: 'active',
  supportTier: 'priority',
  keyRateLimitPerMinute: 1_000_000_000,
  monthlyQuota: 2_000_000_000,
} as unknown as typeof partners.$inferSelect;
const record: KeyRecord = buildKeyRecord(keyRow, partnerRow);

const entries = new LRUCache<string, KeyRecord>({ max: 100_000, ttl: 60_000 });
entries.set(hashApiKey(secret), record);
g.__partnerPortalKeyCache = { entries, inFlight: new Map(), generation: 0 };
g.__partnerPortalKeyListener = { started: Promise.resolve() };
g.__partnerPortalEndpointLifecycle = { byEndpoint: new Map(), loadedAt: FAR, loading: null };
const month = monthKey(now);
g.__partnerPortalQuota = new Map([
  [`key:${record.id}`, { month, used: 0, syncedAt: FAR }],
  [`organization:${record.partnerId}`, { month, used: 0, syncedAt: FAR }],
]);
g.__partnerPortalLastUsed = { pending: new Map(), written: new Map([[record.id, FAR]]), timer: setTimeout(() => {}, 0) };
const meteringTimer = setTimeout(() => {}, 0);
g.__partnerPortalMetering = {
  queue: [],
  pending: [],
  batch: null,
  deadLetters: [],
  flushing: null,
  timer: meteringTimer,
  dropped: 0,
  lastWarning: 0,
  listeners: new Set(),
};
const meteringQueue = () => (g.__partnerPortalMetering as { queue: unknown[] }).queue;

// ---- what is measured ----
const url = 'http://127.0.0.1:3000/api/v1/me';
const headerInit = {
  host: '127.0.0.1:3000',
  connection: 'keep-alive',
  authorization: `Bearer ${secret}`,
  'x-forwarded-for': '127.0.0.1',
  'x-forwarded-host': '127.0.0.1:3000',
  'x-forwarded-port': '3000',
  'x-forwarded-proto': 'http',
};
const makeRequest = () => new Request(url, { headers: headerInit });
const guarded = defineApiRoute(meRoute);
const context = { params: Promise.resolve({}) };

async function timeAsync(name: string, fn: () => Promise<unknown>, n = iterations): Promise<number> {
  for (let i = 0; i < Math.min(n, 20_000); i++) await fn();
  meteringQueue().length = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    await fn();
    if ((i & 4095) === 0) meteringQueue().length = 0;
  }
  const ns = Number(process.hrtime.bigint() - start) / n;
  console.log(`${name.padEnd(58)} ${(ns / 1000).toFixed(2).padStart(8)} µs`);
  return ns;
}

function timeSync(name: string, fn: () => unknown, n = iterations): number {
  for (let i = 0; i < Math.min(n, 20_000); i++) fn();
  meteringQueue().length = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    fn();
    if ((i & 4095) === 0) meteringQueue().length = 0;
  }
  const ns = Number(process.hrtime.bigint() - start) / n;
  console.log(`${name.padEnd(58)} ${(ns / 1000).toFixed(2).padStart(8)} µs`);
  return ns;
}

async function main() {
  const check = await guarded(makeRequest(), context);
  if (check.status !== 200) throw new Error(`the guarded handler answered ${check.status}: ${await check.text()}`);
  console.log(`guard micro-benchmark, ${iterations} iterations each (node ${process.version})`);
  console.log('— whole requests (a Request built per call, the body read as text) —');
  const base = await timeAsync('baseline: Response.json(meBody(key)) + text()', async () => {
    makeRequest();
    await Response.json(meBody(record)).text();
  });
  const full = await timeAsync('guarded:  defineApiRoute(meRoute) + text()', async () => {
    await (await guarded(makeRequest(), context)).text();
  });
  console.log(`${'guard (difference)'.padEnd(58)} ${((full - base) / 1000).toFixed(2).padStart(8)} µs`);

  console.log('— the steps —');
  const request = makeRequest();
  const headers = request.headers;
  timeSync('new Request(url, headers)', makeRequest);
  timeSync('performance.now()', () => performance.now());
  timeSync('Date.now()', () => Date.now());
  timeSync('request id (req_ + randomBase62(20))', () => `req_${randomBase62(20)}`);
  timeSync('clientIp(headers)', () => clientIp(headers));
  timeSync('readApiKey(headers)', () => readApiKey(headers));
  timeSync('parseApiKey(secret)', () => parseApiKey(secret));
  timeSync('hashApiKey(secret)', () => hashApiKey(secret));
  const hash = hashApiKey(secret);
  timeSync('peekKeyByHash(hash)', () => peekKeyByHash(hash));
  timeSync('getRateLimiter().consume(id, limit)', () => getRateLimiter().consume(record.id, record.rateLimitPerMinute));
  timeSync('consumeQuota(key)', () => consumeQuota(record));
  timeSync('endpointLifecycle(key)', () => endpointLifecycle('GET /me'));
  timeSync('authenticateRequest(headers, ip, null)', () => authenticateRequest(headers, '127.0.0.1', null));
  const decision = { allowed: true, limit: 100, remaining: 99, resetSeconds: 30, retryAfterSeconds: 0 };
  timeSync('rateLimitHeaders(decision)', () => rateLimitHeaders(decision));
  timeSync('noteKeyUsed(id)', () => noteKeyUsed(record.id));
  timeSync("headers.get('user-agent')", () => headers.get('user-agent'));
  timeSync('recordRequest(record)', () =>
    recordRequest({
      requestId: 'req_abcdefghijklmnopqrst',
      partnerId: record.partnerId,
      apiKeyId: record.id,
      method: 'GET',
      path: '/api/v1/me',
      endpoint: '/api/v1/me',
      statusCode: 200,
      latencyMs: 0.42,
      ip: '127.0.0.1',
      userAgent: null,
      errorCode: null,
      billable: true,
      occurredAt: Date.now(),
    }),
  );
  timeSync('JSON.stringify(meBody(key))', () => JSON.stringify(meBody(record)));
  timeSync(
    'new Response(json, { headers: 6 })',
    () =>
      new Response('{}', {
        status: 200,
        headers: {
          'content-type': 'application/json',
          'x-request-id': 'req_x',
          'cache-control': 'no-store',
          'ratelimit-limit': '1',
          'ratelimit-remaining': '1',
          'ratelimit-reset': '1',
        },
      }),
  );
  timeSync('Response.json(body)', () => Response.json(meBody(record)));
  clearTimeout(meteringTimer);
  process.exit(0);
}

void main();
