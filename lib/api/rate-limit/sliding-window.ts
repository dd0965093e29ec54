/**
 * Sliding-window counter (as Cloudflare and Redis' own guide describe it): a request at time t in the
 * current one-minute window sees `previous × (1 − elapsed) + current` requests in the last minute, where
 * elapsed is the fraction of the current window gone by. It needs two counters per key (no per-request
 * log), enforces the limit exactly for a burst inside one window, and smooths the boundary where a fixed
 * window would let twice the limit through.
 */
export const WINDOW_MS = 60_000;

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends (the `RateLimit-Reset` header). */
  resetSeconds: number;
  /** When refused: seconds until a request would be allowed (the `Retry-After` header). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /**
   * Counts one request for `id` if it fits under `limit` per minute. `now`: the caller's clock reading,
   * for a limiter that counts in this process (one reading per request; Redis keeps its own time).
   */
  consume(id: string, limit: number, now?: number): RateLimitDecision | Promise<RateLimitDecision>;
}

export function windowPosition(nowMs: number): { window: number; elapsed: number } {
  return { window: Math.floor(nowMs / WINDOW_MS), elapsed: (nowMs % WINDOW_MS) / WINDOW_MS };
}

export function admits(previous: number, current: number, elapsed: number, limit: number): boolean {
  return previous * (1 - elapsed) + current + 1 <= limit;
}

/** The decision's numbers, from the counters after the request was (or was not) counted. */
export function describeDecision(allowed: boolean, previous: number, current: number, elapsed: number, limit: number): RateLimitDecision {
  const used = previous * (1 - elapsed) + current;
  const resetSeconds = Math.max(1, Math.ceil((1 - elapsed) * (WINDOW_MS / 1000)));
  return {
    allowed,
    limit,
    remaining: Math.max(0, Math.floor(limit - used)),
    resetSeconds,
    retryAfterSeconds: allowed ? 0 : retryAfter(previous, current, elapsed, limit),
  };
}

function retryAfter(previous: number, current: number, elapsed: number, limit: number): number {
  const windowSeconds = WINDOW_MS / 1000;
  // Later in this window, as the previous window's weight fades.
  if (current + 1 <= limit && previous > 0) {
    const neededElapsed = 1 - (limit - current - 1) / previous;
    return Math.max(1, Math.ceil((neededElapsed - elapsed) * windowSeconds));
  }
  // In the next window, where this window's count becomes the fading one.
  const neededNext = current > 0 ? Math.max(0, 1 - (limit - 1) / current) : 0;
  return Math.max(1, Math.ceil((1 - elapsed + neededNext) * windowSeconds));
}
