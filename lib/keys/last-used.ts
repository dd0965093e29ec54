import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { registerJob } from '@/lib/runtime/jobs';
import { processState } from '@/lib/runtime/process-state';

/**
 * `lastUsedAt` is written in batches off the request path: the guard only notes the time in memory,
 * and the runtime's `keys.last-used` job writes each key at most once a minute.
 */
const WRITE_INTERVAL_MS = 60_000;
const FLUSH_EVERY_MS = 5_000;

interface LastUsedState {
  pending: Map<string, number>;
  written: Map<string, number>;
}
const state = () => processState<LastUsedState>('last-used', () => ({ pending: new Map(), written: new Map() }));

/** Every instance writes what its guard noted every few seconds, and the rest on shutdown. */
registerJob({ name: 'keys.last-used', scope: 'process', everyMs: FLUSH_EVERY_MS, run: flushLastUsed, stop: flushLastUsed });

export function noteKeyUsed(keyId: string, at = Date.now()): void {
  const s = state();
  const written = s.written.get(keyId);
  if (written !== undefined && at - written < WRITE_INTERVAL_MS) return;
  s.pending.set(keyId, at);
}

/** Writes what is pending in one statement. Exported for tests and for shutdown. */
export async function flushLastUsed(): Promise<number> {
  const s = state();
  if (s.pending.size === 0) return 0;
  const batch = [...s.pending];
  s.pending.clear();
  const values = sql.join(
    batch.map(([id, at]) => sql`(${id}, ${new Date(at).toISOString()}::timestamptz)`),
    sql`, `,
  );
  try {
    await db.execute(sql`update api_keys set last_used_at = greatest(api_keys.last_used_at, v.at)
      from (values ${values}) as v(id, at) where api_keys.id = v.id`);
    for (const [id, at] of batch) s.written.set(id, at);
  } catch (error) {
    // Try again on the next tick; a later use of the same key supersedes this one.
    for (const [id, at] of batch) if (!s.pending.has(id)) s.pending.set(id, at);
    console.error('[keys] could not record last use:', (error as Error).message);
  }
  return batch.length;
}
