import type { RedisLink } from '@/lib/limits/redis-link';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';
import type { RateLimitDecision, RateLimiter } from './sliding-window';

/**
 * Never fails open. With Redis reachable, one atomic script decides for every instance. Without Redis
 * (not configured, or unreachable: the link is down), each instance decides in memory with 1/N of each
 * key's limit, N being the live instances it knows of (heartbeats in `runtime_instances`; the last known
 * count when it cannot ask), so that N instances together admit at most the limit. A key's memory
 * counters start from the cluster's counts as Redis last gave them, so the minute Redis went away in is
 * not admitted twice. The decision reports the key's whole limit; the share shows in `remaining`.
 */
export class ClusterRateLimiter implements RateLimiter {
  private remote: RedisRateLimiter | null = null;
  private remoteLink: RedisLink | null = null;
  private wasShared = true;

  constructor(
    private readonly link: () => RedisLink | null,
    private readonly instances: () => number,
    readonly local: MemoryRateLimiter = new MemoryRateLimiter(),
    private readonly prefix = 'pp:rl',
  ) {}

  consume(id: string, limit: number, now?: number): RateLimitDecision | Promise<RateLimitDecision> {
    const link = this.link();
    if (link === null || !link.shared) return this.alone(id, limit, now);
    if (this.remoteLink !== link) {
      this.remote = new RedisRateLimiter(link.redis, this.prefix);
      this.remoteLink = link;
    }
    this.wasShared = true;
    return this.remote!.consume(id, limit).catch((error: unknown) => {
      link.failed(error); // this request is decided here, with this instance's share
      return this.alone(id, limit); // after the Redis attempt: a clock reading of its own
    });
  }

  private alone(id: string, limit: number, now?: number): RateLimitDecision {
    if (this.wasShared) {
      this.wasShared = false;
      this.local.clear();
    }
    if (this.remote !== null && !this.local.has(id)) {
      const shared = this.remote.lastCounts.get(id);
      if (shared) this.local.seed(id, shared.window, shared.previous, shared.current);
    }
    const n = this.instances();
    if (n <= 1) return this.local.consume(id, limit, now);
    const decision = this.local.consume(id, Math.max(1, Math.floor(limit / n)), now);
    return { ...decision, limit };
  }
}
