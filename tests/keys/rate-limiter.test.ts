import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '@/lib/api/rate-limit/memory-rate-limiter';
import { RedisRateLimiter } from '@/lib/api/rate-limit/redis-rate-limiter';
import { WINDOW_MS } from '@/lib/api/rate-limit/sliding-window';

describe('the in-memory sliding-window limiter', () => {
  it('admits exactly the limit of a burst inside one window', () => {
    let now = 10 * WINDOW_MS + 1_000;
    const limiter = new MemoryRateLimiter(() => now);
    const decisions = Array.from({ length: 1000 }, () => limiter.consume('k', 100));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(100);
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused.remaining).toBe(0);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    // Other keys have their own budget.
    expect(limiter.consume('other', 100).allowed).toBe(true);
    now += 1;
  });

  it('lets the previous window fade out instead of resetting at the boundary', () => {
    let now = 20 * WINDOW_MS + 59_000;
    const limiter = new MemoryRateLimiter(() => now);
    for (let i = 0; i < 10; i++) expect(limiter.consume('k', 10).allowed).toBe(true);
    now = 21 * WINDOW_MS + 1_000; // 2 s later, in the next window: the previous 10 still weigh ~9.8
    expect(limiter.consume('k', 10).allowed).toBe(false);
    now = 21 * WINDOW_MS + 30_000; // half-way: they weigh 5
    const admitted = Array.from({ length: 10 }, () => limiter.consume('k', 10).allowed).filter(Boolean).length;
    expect(admitted).toBe(5);
    now = 23 * WINDOW_MS; // two windows later: all forgotten
    expect(Array.from({ length: 10 }, () => limiter.consume('k', 10).allowed).every(Boolean)).toBe(true);
  });

  it('says when to retry: a request is admitted then, not before', () => {
    let now = 30 * WINDOW_MS + 10_000;
    const limiter = new MemoryRateLimiter(() => now);
    for (let i = 0; i < 5; i++) limiter.consume('k', 5);
    const refused = limiter.consume('k', 5);
    expect(refused.allowed).toBe(false);
    now += (refused.retryAfterSeconds - 1) * 1000;
    expect(limiter.consume('k', 5).allowed).toBe(false);
    now += 1000;
    expect(limiter.consume('k', 5).allowed).toBe(true);
  });
});

// Redis is part of the test machine (127.0.0.1:6379); REDIS_TEST_URL points elsewhere.
const redisUrl = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
const redisUp = await probe.connect().then(
  () => true,
  () => false,
);

describe.skipIf(!redisUp)('the Redis sliding-window limiter (shared by instances)', () => {
  afterAll(async () => {
    await probe.quit();
  });

  it('two limiters on one Redis enforce one limit: exactly 100 of 1000 concurrent requests', async () => {
    const a = new RedisRateLimiter(new Redis(redisUrl), `pp:test:${Date.now()}`);
    const b = new RedisRateLimiter(new Redis(redisUrl), (a as unknown as { prefix: string }).prefix);
    const id = `key_${Math.random().toString(36).slice(2)}`;
    const decisions = await Promise.all(Array.from({ length: 1000 }, (_, i) => (i % 2 ? a : b).consume(id, 100)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(100);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterSeconds > 0)).toBe(true);
  });

  it('never decides without Redis: an unreachable Redis is an error for the caller to handle (ClusterRateLimiter)', async () => {
    const dead = new RedisRateLimiter(new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null }));
    await expect(dead.consume('k', 1)).rejects.toThrow();
  });
});
if (!redisUp) await probe.quit().catch(() => {});
