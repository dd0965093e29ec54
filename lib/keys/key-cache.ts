import 'server-only';
import { db } from '@/db';
import { processState } from '@/lib/runtime/process-state';
import { findKeyRecordByHash, type KeyRecord } from './key-record';

export interface KeyInvalidation {
  keyIds?: string[];
  partnerId?: string;
  all?: boolean;
}

const NOT_FOUND = Symbol('not found');
type Entry = KeyRecord | typeof NOT_FOUND;

// A missed invalidation (a dropped LISTEN connection) can leave a stale entry for at most this long.
const FOUND_TTL_MS = 60_000;
// Unknown hashes are remembered briefly so that a flood of well-formed but unknown keys stays off Postgres.
const NOT_FOUND_TTL_MS = 10_000;

// Bounded: past this many entries the oldest is dropped first. First in, first out rather than least
// recently used: every entry is read again from Postgres within a minute anyway (FOUND_TTL_MS), so
// recency would only decide which hot key is read again a little sooner under a flood, and keeping it
// would cost every hit a list update.
const MAX_ENTRIES = 100_000;

interface Slot {
  entry: Entry;
  expiresAt: number;
}

/** Hash → record with a time to live, in a Map's insertion order (the oldest first). */
class TtlCache {
  private readonly slots = new Map<string, Slot>();

  get(hash: string, now: number): Entry | undefined {
    const slot = this.slots.get(hash);
    if (slot === undefined) return undefined;
    if (slot.expiresAt > now) return slot.entry;
    this.slots.delete(hash);
    return undefined;
  }

  set(hash: string, entry: Entry, ttlMs: number, now: number): void {
    this.slots.delete(hash); // a refreshed entry goes to the back of the queue
    if (this.slots.size >= MAX_ENTRIES) this.slots.delete(this.slots.keys().next().value!);
    this.slots.set(hash, { entry, expiresAt: now + ttlMs });
  }

  delete(hash: string): void {
    this.slots.delete(hash);
  }

  clear(): void {
    this.slots.clear();
  }

  *entries(): IterableIterator<[string, Entry]> {
    for (const [hash, slot] of this.slots) yield [hash, slot.entry];
  }
}

interface CacheState {
  entries: TtlCache;
  inFlight: Map<string, Promise<KeyRecord | null>>;
  /** Bumped by every invalidation: a lookup that started before one must not fill the cache. */
  generation: number;
}

// Looked up on every guarded request: the shared state is found once per module.
let shared: CacheState | undefined;
const state = () =>
  (shared ??= processState<CacheState>('key-cache', () => ({
    entries: new TtlCache(),
    inFlight: new Map(),
    generation: 0,
  })));

/**
 * A cached answer, without waiting: the record, null for a known-unknown hash, undefined on a miss.
 * `now`: the request's clock reading (in a Next.js server every `Date.now()` is instrumented).
 */
export function peekKeyByHash(keyHash: string, now = Date.now()): KeyRecord | null | undefined {
  const hit = state().entries.get(keyHash, now);
  return hit === undefined ? undefined : hit === NOT_FOUND ? null : hit;
}

/** The key with this SHA-256, from the in-process cache, else Postgres (concurrent misses share one query). */
export async function resolveKeyByHash(keyHash: string): Promise<KeyRecord | null> {
  const s = state();
  const hit = s.entries.get(keyHash, Date.now());
  if (hit !== undefined) return hit === NOT_FOUND ? null : hit;
  const pending = s.inFlight.get(keyHash);
  if (pending) return pending;

  const generation = s.generation;
  const lookup = findKeyRecordByHash(db, keyHash)
    .then((record) => {
      if (generation === s.generation) {
        s.entries.set(keyHash, record ?? NOT_FOUND, record ? FOUND_TTL_MS : NOT_FOUND_TTL_MS, Date.now());
      }
      return record;
    })
    .finally(() => s.inFlight.delete(keyHash));
  s.inFlight.set(keyHash, lookup);
  return lookup;
}

/** Drops what changed from this process's cache. */
export function invalidateKeyCache(change: KeyInvalidation): void {
  const s = state();
  s.generation++;
  s.inFlight.clear();
  if (change.all) {
    s.entries.clear();
    return;
  }
  const keyIds = new Set(change.keyIds ?? []);
  for (const [hash, entry] of s.entries.entries()) {
    if (entry === NOT_FOUND) continue;
    if (keyIds.has(entry.id) || (change.partnerId !== undefined && entry.partnerId === change.partnerId)) s.entries.delete(hash);
  }
  // Unknown hashes may have become keys (a key created since): forget them too.
  for (const [hash, entry] of s.entries.entries()) if (entry === NOT_FOUND) s.entries.delete(hash);
}
