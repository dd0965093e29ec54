import type { Redis } from 'ioredis';
import type { Queryable } from '@/db';
import { randomBytes } from 'node:crypto';
import { isCommandTimeout, type RedisLink } from '@/lib/limits/redis-link';
import { admitted, ledgerUsage, refused, type MonthWindow, type QuotaDecision, type QuotaRequest, type QuotaScope, type QuotaStore } from './quota-store';

/**
 * Quotas on Redis: one Lua script checks the key's counter (when the key has its own quota) and the
 * organization's, and increments both only when both are under their limits (a refusal counts in
 * neither), atomically for every instance. Counters are `quota:key:<id>:<YYYY-MM>` and
 * `quota:org:<id>:<YYYY-MM>`, expiring a week after the month.
 *
 * Postgres stays the ledger. A counter missing in Redis (first use, a Redis restart, an eviction) makes
 * the script answer "seed me": the instance reads the ledger (billable `usage_logs` of the month plus its
 * own metering buffer) and calls again with that as a floor, which the script applies only if the counter
 * is still missing or lower, in the same atomic step. Several instances seeding at once each bring an
 * absolute count, not an increment, so the highest wins and nothing is counted twice. After an outage
 * (the link's generation moved) each counter is raised to the ledger the same way on its first use,
 * which brings in what the instances admitted on Postgres meanwhile.
 *
 * Each call carries a token, and the script keeps its answer under it for a minute: a call whose reply
 * timed out (a busy event loop can fire the timer before reading a reply already received) is sent again
 * with the same token, up to three times, and gets the first answer back instead of counting twice. Only
 * then does the caller give up on Redis for this request.
 *
 * What the floor cannot see: requests other instances admitted and still hold in their metering buffers
 * (at most one flush interval, 1 s by default) at the moment a missing counter is seeded.
 */
const SCRIPT = `
local tok = ARGV[6]
if tok ~= '' then
  local prior = redis.call('GET', tok)
  if prior then
    local v, a, b = string.match(prior, '(-?%d+),(-?%d+),(-?%d+)')
    return { tonumber(v), tonumber(a), tonumber(b) }
  end
end
local function answer(v, a, b)
  if tok ~= '' then redis.call('SET', tok, v .. ',' .. a .. ',' .. b, 'EX', 60) end
  return { v, a, b }
end
local n = #KEYS
local used = {}
for i = 1, n do
  local cur = redis.call('GET', KEYS[i])
  local floor = ARGV[i * 2]
  if floor ~= '' then
    local f = tonumber(floor)
    if (not cur) or tonumber(cur) < f then
      redis.call('SET', KEYS[i], f)
      redis.call('EXPIREAT', KEYS[i], tonumber(ARGV[5]))
      cur = f
    end
  end
  if not cur then return { -1, i, 0 } end
  used[i] = tonumber(cur)
end
for i = n, 1, -1 do
  if used[i] >= tonumber(ARGV[i * 2 - 1]) then return answer(0, i, used[i]) end
end
for i = 1, n do used[i] = redis.call('INCR', KEYS[i]) end
return answer(1, used[1], used[2] or 0)
`;

/**
 * A verifier's lease on one counter (lib/verifier/verifier-leases.ts): ARGV limit, floor, expiry, units.
 * Seeds like the consume script, then grants up to `units` of what remains (never beyond the limit) and
 * adds them to the counter, so the portal's own requests and every verifier's leases count on one number.
 * Negative `units` give unspent units back (never below zero). Answers { granted or -returned, used }, or
 * { -1, -1 } for "seed me".
 */
const LEASE_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
local floor = ARGV[2]
if floor ~= '' then
  local f = tonumber(floor)
  if (not cur) or tonumber(cur) < f then
    redis.call('SET', KEYS[1], f)
    redis.call('EXPIREAT', KEYS[1], tonumber(ARGV[3]))
    cur = f
  end
end
if not cur then return { -1, -1 } end
cur = tonumber(cur)
local units = tonumber(ARGV[4])
if units < 0 then
  local back = math.min(-units, cur)
  if back > 0 then cur = redis.call('DECRBY', KEYS[1], back) end
  return { -back, cur }
end
local granted = math.max(0, math.min(units, tonumber(ARGV[1]) - cur))
if granted > 0 then cur = redis.call('INCRBY', KEYS[1], granted) end
return { granted, cur }
`;

type RedisWithQuota = Redis & {
  quotaConsume(...args: (string | number)[]): Promise<[number, number, number]>;
  quotaLease(...args: (string | number)[]): Promise<[number, number]>;
};

/** One counter of a lease: the key's own quota or its organization's. */
export interface LeaseCounterRef {
  scope: QuotaScope;
  ownerId: string;
  limit: number;
}

const WEEK_S = 7 * 86_400;

export class RedisQuotaStore implements QuotaStore {
  private readonly redis: RedisWithQuota;
  /** Counter name → the link generation it was last raised to the ledger in. */
  private synced = new Map<string, number>();
  private syncedMonth = '';
  /** Tokens: this store's random prefix and a sequence number. */
  private readonly tokenPrefix: string;
  private sequence = 0;

  constructor(
    private readonly link: RedisLink,
    private readonly db: () => Queryable,
    private readonly prefix = 'quota',
  ) {
    if (!(link.redis as unknown as Partial<RedisWithQuota>).quotaConsume) link.redis.defineCommand('quotaConsume', { lua: SCRIPT });
    if (!(link.redis as unknown as Partial<RedisWithQuota>).quotaLease) link.redis.defineCommand('quotaLease', { lua: LEASE_SCRIPT });
    this.redis = link.redis as RedisWithQuota;
    this.tokenPrefix = `${prefix}:tok:${randomBytes(6).toString('base64url')}:`;
  }

  async consume(request: QuotaRequest): Promise<QuotaDecision> {
    const month = request.month;
    if (this.syncedMonth !== month.key) {
      this.synced = new Map();
      this.syncedMonth = month.key;
    }
    const orgCounter = `${this.prefix}:org:${request.organizationId}:${month.key}`;
    const keyCounter = request.keyLimit === null ? null : `${this.prefix}:key:${request.keyId}:${month.key}`;
    const generation = this.link.generation;
    const stale = this.synced.get(orgCounter) !== generation || (keyCounter !== null && this.synced.get(keyCounter) !== generation);
    const token = this.tokenPrefix + String(++this.sequence);
    let answer = await this.runOnce(request, orgCounter, keyCounter, stale ? await this.floors(request) : null, token);
    if (answer[0] === -1) answer = await this.runOnce(request, orgCounter, keyCounter, await this.floors(request), token);
    this.synced.set(orgCounter, generation);
    if (keyCounter !== null) this.synced.set(keyCounter, generation);
    const [verdict, a, b] = answer;
    if (verdict === 1) return admitted(request, keyCounter === null ? null : b, a);
    return refused(request, a === 2 ? 'key' : 'organization', b);
  }

  private counterName(scope: QuotaScope, ownerId: string, month: MonthWindow): string {
    return `${this.prefix}:${scope === 'key' ? 'key' : 'org'}:${ownerId}:${month.key}`;
  }

  /**
   * Grants up to `units` of one counter to a verifier (the same counter `consume` counts on), or with
   * negative `units` takes back what it did not spend. Returns the units granted (or returned) and the
   * counter's value after. Not retried on a timeout: a grant whose answer is lost leaves the quota under,
   * never over.
   */
  async lease(counter: LeaseCounterRef, month: MonthWindow, units: number): Promise<{ units: number; used: number }> {
    if (this.syncedMonth !== month.key) {
      this.synced = new Map();
      this.syncedMonth = month.key;
    }
    const name = this.counterName(counter.scope, counter.ownerId, month);
    const expireAt = Math.ceil(month.end / 1000) + WEEK_S;
    const generation = this.link.generation;
    const floor = async () => String(await ledgerUsage(this.db(), counter.scope, counter.ownerId, month));
    const first = this.synced.get(name) === generation ? '' : await floor();
    let [n, used] = await this.redis.quotaLease(1, name, counter.limit, first, expireAt, units);
    if (n === -1 && used === -1) [n, used] = await this.redis.quotaLease(1, name, counter.limit, await floor(), expireAt, units);
    this.synced.set(name, generation);
    return { units: Math.abs(n), used };
  }

  /** One read of the ledger per pair of counters at a time, however many requests want it. */
  private readonly reading = new Map<string, Promise<[number, number | null]>>();

  private floors(request: QuotaRequest): Promise<[number, number | null]> {
    const id = `${request.organizationId} ${request.keyLimit === null ? '' : request.keyId} ${request.month.key}`;
    let pending = this.reading.get(id);
    if (pending === undefined) {
      pending = this.readLedger(request).finally(() => this.reading.delete(id));
      this.reading.set(id, pending);
    }
    return pending;
  }

  private async readLedger(request: QuotaRequest): Promise<[number, number | null]> {
    const db = this.db();
    return Promise.all([
      ledgerUsage(db, 'organization', request.organizationId, request.month),
      request.keyLimit === null ? null : ledgerUsage(db, 'key', request.keyId, request.month),
    ]);
  }

  /** The script, sent again with the same token after a timeout on an open connection (it answers once). */
  private async runOnce(
    request: QuotaRequest,
    orgCounter: string,
    keyCounter: string | null,
    floors: [number, number | null] | null,
    token: string,
  ): Promise<[number, number, number]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run(request, orgCounter, keyCounter, floors, token);
      } catch (error) {
        if (attempt >= 3 || !isCommandTimeout(error) || this.link.redis.status !== 'ready') throw error;
      }
    }
  }

  private run(request: QuotaRequest, orgCounter: string, keyCounter: string | null, floors: [number, number | null] | null, token: string) {
    const expireAt = Math.ceil(request.month.end / 1000) + WEEK_S;
    const orgFloor = floors ? String(floors[0]) : '';
    const keyFloor = floors && floors[1] !== null ? String(floors[1]) : '';
    return keyCounter === null
      ? this.redis.quotaConsume(1, orgCounter, request.organizationLimit, orgFloor, '', '', expireAt, token)
      : this.redis.quotaConsume(2, orgCounter, keyCounter, request.organizationLimit, orgFloor, request.keyLimit!, keyFloor, expireAt, token);
  }
}
