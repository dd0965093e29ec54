import type { Redis } from 'ioredis';
import { describeDecision, WINDOW_MS, type RateLimitDecision, type RateLimiter } from './sliding-window';

// Decides and counts in one atomic step on the Redis server, with the server's clock, so that every
// instance shares one limit and one notion of the current window.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window_ms = tonumber(ARGV[2])
local window = math.floor(now / window_ms)
local elapsed = (now % window_ms) / window_ms
local cur_key = KEYS[1] .. ':' .. window
local prev = tonumber(redis.call('GET', KEYS[1] .. ':' .. (window - 1)) or '0')
local cur = tonumber(redis.call('GET', cur_key) or '0')
local allowed = 0
if prev * (1 - elapsed) + cur + 1 <= tonumber(ARGV[1]) then
  cur = redis.call('INCR', cur_key)
  redis.call('PEXPIRE', cur_key, window_ms * 2 + 1000)
  allowed = 1
end
return { allowed, prev, cur, tostring(elapsed), window }
`;

type RedisWithScript = Redis & {
  slidingWindow(key: string, limit: number, windowMs: number): Promise<[number, number, number, string, number]>;
};

/** What Redis last said of a key's window: the whole cluster's counts, to start from when Redis goes away. */
export interface SharedCounts {
  window: number;
  previous: number;
  current: number;
}

/**
 * The limiter shared by instances. It never decides without Redis: a failed call throws, and the caller
 * (ClusterRateLimiter) decides in this process instead, from the counts Redis last gave for the key.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: RedisWithScript;
  /** Per key: the counts of the last answer (kept for the keys of the last two windows). */
  readonly lastCounts = new Map<string, SharedCounts>();
  private lastWindow = 0;

  constructor(
    redis: Redis,
    private readonly prefix = 'pp:rl',
  ) {
    if (!(redis as unknown as Partial<RedisWithScript>).slidingWindow) redis.defineCommand('slidingWindow', { numberOfKeys: 1, lua: SCRIPT });
    this.redis = redis as RedisWithScript;
  }

  async consume(id: string, limit: number): Promise<RateLimitDecision> {
    const [allowed, previous, current, elapsed, window] = await this.redis.slidingWindow(`${this.prefix}:${id}`, limit, WINDOW_MS);
    if (window !== this.lastWindow) {
      if (window > this.lastWindow + 1) this.lastCounts.clear();
      this.lastWindow = window;
    }
    this.lastCounts.set(id, { window, previous, current });
    return describeDecision(allowed === 1, previous, current, Number(elapsed), limit);
  }
}
