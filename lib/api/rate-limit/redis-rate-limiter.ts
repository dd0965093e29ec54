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
return { allowed, prev, cur, tostring(elapsed) }
`;

type RedisWithScript = Redis & {
  slidingWindow(key: string, limit: number, windowMs: number): Promise<[number, number, number, string]>;
};

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: RedisWithScript;
  private lastErrorLog = 0;

  constructor(
    redis: Redis,
    private readonly prefix = 'pp:rl',
  ) {
    redis.defineCommand('slidingWindow', { numberOfKeys: 1, lua: SCRIPT });
    redis.on('error', (error: Error) => this.logError(error));
    this.redis = redis as RedisWithScript;
  }

  private logError(error: Error) {
    if (Date.now() - this.lastErrorLog < 10_000) return;
    this.lastErrorLog = Date.now();
    console.error('[rate-limit] Redis unavailable, allowing requests:', error.message);
  }

  async consume(id: string, limit: number): Promise<RateLimitDecision> {
    try {
      const [allowed, previous, current, elapsed] = await this.redis.slidingWindow(`${this.prefix}:${id}`, limit, WINDOW_MS);
      return describeDecision(allowed === 1, previous, current, Number(elapsed), limit);
    } catch (error) {
      // Fail open: an outage of the limiter's store must not take the API down with it.
      this.logError(error as Error);
      return { allowed: true, limit, remaining: limit, resetSeconds: WINDOW_MS / 1000, retryAfterSeconds: 0 };
    }
  }
}
