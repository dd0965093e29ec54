/**
 * Per-process sliding-window rate limit, the portal's formula (lib/api/rate-limit/sliding-window.ts):
 * a request at a fraction `elapsed` of the current minute sees `previous × (1 − elapsed) + current`.
 * Each verifier process counts on its own: N processes admit up to N × the limit unless the limit is
 * divided among them (`rateLimitShare`).
 */
const WINDOW_MS = 60_000;

interface Counter {
  window: number;
  current: number;
  previous: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  reset: number;
}

export class SlidingWindowLimiter {
  private readonly counters = new Map<string, Counter>();

  consume(id: string, limit: number, now: number): RateDecision {
    const window = Math.floor(now / WINDOW_MS);
    const elapsed = (now % WINDOW_MS) / WINDOW_MS;
    let counter = this.counters.get(id);
    if (counter === undefined) {
      counter = { window, current: 0, previous: 0 };
      this.counters.set(id, counter);
    } else if (counter.window !== window) {
      counter.previous = counter.window === window - 1 ? counter.current : 0;
      counter.current = 0;
      counter.window = window;
    }
    const allowed = counter.previous * (1 - elapsed) + counter.current + 1 <= limit;
    if (allowed) counter.current++;
    const used = counter.previous * (1 - elapsed) + counter.current;
    return { allowed, limit, remaining: Math.max(0, Math.floor(limit - used)), reset: Math.max(1, Math.ceil((1 - elapsed) * 60)) };
  }

  /** Forgets keys idle for two windows (called now and then). */
  prune(now: number): void {
    const window = Math.floor(now / WINDOW_MS);
    for (const [id, counter] of this.counters) if (counter.window < window - 1) this.counters.delete(id);
  }
}
