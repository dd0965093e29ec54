import { every } from '@/lib/runtime/timers';
import { admits, describeDecision, windowPosition, WINDOW_MS, type RateLimitDecision, type RateLimiter } from './sliding-window';

interface Counters {
  window: number;
  previous: number;
  current: number;
}

/** One process's counters: exact for a single instance, and no network on the request path. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counters = new Map<string, Counters>();
  constructor(private readonly now: () => number = Date.now) {
    // Forget keys idle for two windows, so the map holds only recently active keys.
    every(60_000, () => this.sweep(), { name: 'rate-limit sweep' });
  }

  consume(id: string, limit: number, now = this.now()): RateLimitDecision {
    // windowPosition's arithmetic, without its object: this runs on every guarded request.
    const window = Math.floor(now / WINDOW_MS);
    const elapsed = (now % WINDOW_MS) / WINDOW_MS;
    let counters = this.counters.get(id);
    if (!counters) {
      counters = { window, previous: 0, current: 0 };
      this.counters.set(id, counters);
    } else if (counters.window !== window) {
      counters.previous = counters.window === window - 1 ? counters.current : 0;
      counters.current = 0;
      counters.window = window;
    }
    const allowed = admits(counters.previous, counters.current, elapsed, limit);
    if (allowed) counters.current++;
    return describeDecision(allowed, counters.previous, counters.current, elapsed, limit);
  }

  /** Whether `id` has counters here. */
  has(id: string): boolean {
    return this.counters.has(id);
  }

  /** Starts `id` from counts kept elsewhere (the cluster's, as Redis last gave them). */
  seed(id: string, window: number, previous: number, current: number): void {
    this.counters.set(id, { window, previous, current });
  }

  /** Forgets every count (a new outage starts from what Redis last said, not from an old one). */
  clear(): void {
    this.counters.clear();
  }

  private sweep() {
    const { window } = windowPosition(this.now());
    for (const [id, counters] of this.counters) if (counters.window < window - 1) this.counters.delete(id);
  }
}
