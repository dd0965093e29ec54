import { LRUCache } from 'lru-cache';
import { processState } from '@/lib/runtime/process-state';

/** Mock answers are cheap but free to anyone: each IP gets this many a minute (per instance). */
export const PLAYGROUND_REQUESTS_PER_MINUTE = Number(process.env.PLAYGROUND_REQUESTS_PER_MINUTE ?? 30);

interface Window {
  start: number;
  count: number;
}

// Bounded: a flood of addresses evicts the oldest windows instead of growing the heap.
const windows = () => processState('playground-rate-limit', () => new LRUCache<string, Window>({ max: 10_000 }));

/** A fixed one-minute window per IP: whether this request may go, and when to retry if not (seconds). */
export function takePlaygroundRequest(ip: string, now = Date.now()): { ok: true; remaining: number } | { ok: false; retryAfter: number } {
  const cache = windows();
  const current = cache.get(ip);
  const window = current && now - current.start < 60_000 ? current : { start: now, count: 0 };
  if (window.count >= PLAYGROUND_REQUESTS_PER_MINUTE) return { ok: false, retryAfter: Math.ceil((window.start + 60_000 - now) / 1000) };
  window.count++;
  cache.set(ip, window);
  return { ok: true, remaining: PLAYGROUND_REQUESTS_PER_MINUTE - window.count };
}
