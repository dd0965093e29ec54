import { Redis } from 'ioredis';
import { processState } from '@/lib/runtime/process-state';

/**
 * The limits' one Redis connection and whether it is usable. The rate limiter and the quota ask it on
 * every request (`shared`); the first command that fails marks it down (logged once), after which every
 * request is decided in this process (rate limits at 1/N of each limit, N the live instances; quotas on
 * the Postgres counter) without waiting on Redis. It is up again on the connection's `ready` event or
 * when the probe (the `limits.redis-probe` job) gets a PONG; `generation` then moves, so that quota
 * counters are raised to what Postgres says before they are used again.
 */
export class RedisLink {
  shared: boolean;
  generation = 0;
  downSince: number | null = null;
  lastError: string | null = null;

  constructor(
    readonly redis: Redis,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {
    this.shared = redis.status === 'ready' || redis.status === 'connecting' || redis.status === 'wait' || redis.status === 'connect';
    redis.on('error', (error: Error) => this.down(error));
    redis.on('ready', () => this.up());
  }

  /** A command failed: decide locally from now on until Redis answers again. Logged once per outage. */
  down(error: unknown): void {
    this.lastError = (error as Error)?.message ?? String(error);
    if (!this.shared) return;
    this.shared = false;
    this.downSince = Date.now();
    this.log(
      `[limits] Redis unreachable (${this.lastError}): rate limits are enforced per instance at 1/N of each limit, quotas on the Postgres counter, until it is back`,
    );
  }

  up(): void {
    if (this.shared) return;
    this.shared = true;
    this.generation++;
    const outage = this.downSince ? Math.round((Date.now() - this.downSince) / 1000) : 0;
    this.downSince = null;
    this.log(`[limits] Redis is back after ${outage} s: rate limits and quotas shared again (quota counters re-seeded from Postgres)`);
  }

  /**
   * A command failed. A timeout on a connection that is still open is not an outage by itself: while the
   * event loop is busy (a burst of requests), the timer of a command can fire before its reply, already
   * in the socket, is read. Such a timeout is confirmed by up to three PINGs before the link goes down;
   * anything else (refused, reset, closed) takes it down at once.
   */
  failed(error: unknown): void {
    if (isCommandTimeout(error) && this.redis.status === 'ready') {
      this.confirming ??= this.confirm(error).finally(() => (this.confirming = null));
      return;
    }
    this.down(error);
  }

  private confirming: Promise<void> | null = null;

  private async confirm(error: unknown): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.redis.ping();
        return;
      } catch (pingError) {
        if (!isCommandTimeout(pingError)) return this.down(pingError);
      }
    }
    this.down(error);
  }

  /** The probe job: while down, one PING. */
  async probe(): Promise<void> {
    if (this.shared) return;
    try {
      if (this.redis.status === 'end') return; // closed on purpose (tests reconnect it themselves)
      await this.redis.ping();
      this.up();
    } catch (error) {
      this.lastError = (error as Error)?.message ?? String(error);
    }
  }
}

/** ioredis's error for a command whose reply did not come within `commandTimeout`. */
export function isCommandTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Command timed out';
}

/** Commands fail fast: at most half a second in flight, and no retries (the caller falls back). */
export function limitsRedisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 0, commandTimeout: 500, enableAutoPipelining: true });
}

interface LinkState {
  link: RedisLink | null | undefined;
}
const state = () => processState<LinkState>('limits-redis-link', () => ({ link: undefined }));

/** The process's link, from REDIS_URL; null without Redis (rate limits per instance, quotas on Postgres). */
export function limitsLink(): RedisLink | null {
  const s = state();
  if (s.link === undefined) s.link = process.env.REDIS_URL ? new RedisLink(limitsRedisClient(process.env.REDIS_URL)) : null;
  return s.link;
}

/** Tests install their own link (or none); the rate limiter and quota pick it up on their next request. */
export function installLimitsLink(link: RedisLink | null): void {
  state().link = link;
}

export type LimitsMode = 'shared' | 'degraded' | 'local';

/** For the health endpoint: `shared` on Redis, `degraded` while Redis is unreachable, `local` without Redis. */
export function limitsMode(): LimitsMode {
  const link = limitsLink();
  return link === null ? 'local' : link.shared ? 'shared' : 'degraded';
}
