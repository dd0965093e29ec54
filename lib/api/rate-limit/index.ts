import 'server-only';
import { liveInstances } from '@/lib/limits/cluster-size';
import { limitsLink } from '@/lib/limits/redis-link';
import { processState } from '@/lib/runtime/process-state';
import { ClusterRateLimiter } from './cluster-rate-limiter';
import type { RateLimiter } from './sliding-window';

export type { RateLimitDecision, RateLimiter } from './sliding-window';

let shared: RateLimiter | undefined;

/**
 * One limit for the cluster: on Redis when REDIS_URL is set (one atomic script), else, and while Redis is
 * unreachable, in memory at 1/N of each limit per instance (cluster-rate-limiter.ts). Never fails open.
 */
export function getRateLimiter(): RateLimiter {
  return (shared ??= processState<RateLimiter>('rate-limiter', () => new ClusterRateLimiter(limitsLink, liveInstances)));
}
