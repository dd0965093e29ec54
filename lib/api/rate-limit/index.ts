import 'server-only';
import { Redis } from 'ioredis';
import { processState } from '@/lib/runtime/process-state';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';
import type { RateLimiter } from './sliding-window';

export type { RateLimitDecision, RateLimiter } from './sliding-window';

let shared: RateLimiter | undefined;

/** In memory for a single instance; shared through Redis when REDIS_URL is set, so instances enforce one limit. */
export function getRateLimiter(): RateLimiter {
  return (shared ??= processState<RateLimiter>('rate-limiter', () =>
    process.env.REDIS_URL ? new RedisRateLimiter(new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 })) : new MemoryRateLimiter(),
  ));
}
