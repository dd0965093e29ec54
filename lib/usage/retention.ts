import 'server-only';
import { inArray, lt } from 'drizzle-orm';
import { db } from '@/db';
import { requestLogs, usageFlushes } from '@/db/schema';
import { purgeDeletedSecrets } from '@/lib/secrets/purge-deleted-secrets';
import { retentionDays } from './retention-window';

/**
 * Individual requests are support data, kept for a bounded window (`REQUEST_LOG_RETENTION_DAYS`, default
 * 14); the per-minute `usage_logs` are kept. Deletes go in batches so that no statement holds locks on
 * millions of rows, and the flush ids of `usage_flushes` only matter while a batch may still be retried.
 */
export const PRUNE_BATCH_SIZE = 10_000;
const FLUSH_RECORD_DAYS = 2;
const DAY_MS = 86_400_000;
const TIMER_INTERVAL_MS = 60 * 60 * 1000;
// Not at start-up itself: the first minutes of a process belong to serving.
const TIMER_FIRST_RUN_MS = 5 * 60 * 1000;

export interface PruneResult {
  requestLogs: number;
  usageFlushes: number;
  cutoff: Date;
}

export interface PruneOptions {
  now?: number;
  days?: number;
  batchSize?: number;
  onProgress?: (deletedSoFar: number) => void;
}

export async function pruneRequestLogs(options: PruneOptions = {}): Promise<PruneResult> {
  const now = options.now ?? Date.now();
  const cutoff = new Date(now - (options.days ?? retentionDays()) * DAY_MS);
  const batchSize = options.batchSize ?? PRUNE_BATCH_SIZE;

  let deleted = 0;
  for (;;) {
    // A bounded batch by primary key: `delete … limit` does not exist in Postgres.
    const batch = db.select({ id: requestLogs.id }).from(requestLogs).where(lt(requestLogs.occurredAt, cutoff)).limit(batchSize);
    const rows = await db.delete(requestLogs).where(inArray(requestLogs.id, batch)).returning({ id: requestLogs.id });
    deleted += rows.length;
    if (rows.length) options.onProgress?.(deleted);
    if (rows.length < batchSize) break;
  }

  const flushes = await db
    .delete(usageFlushes)
    .where(lt(usageFlushes.flushedAt, new Date(now - FLUSH_RECORD_DAYS * DAY_MS)))
    .returning({ id: usageFlushes.id });
  return { requestLogs: deleted, usageFlushes: flushes.length, cutoff };
}

interface TimerState {
  timer?: NodeJS.Timeout;
  running: boolean;
}
const holder = globalThis as typeof globalThis & { __partnerPortalRetention?: TimerState };

/**
 * Prunes at most hourly in this process; started once (by the metering buffer's first use). Several
 * instances may each prune: the deletes are idempotent.
 */
export function startRetentionTimer(): void {
  const state = (holder.__partnerPortalRetention ??= { running: false });
  if (state.timer) return;
  const run = async () => {
    if (state.running) return;
    state.running = true;
    try {
      const result = await pruneRequestLogs();
      if (result.requestLogs || result.usageFlushes) {
        console.log(
          `[retention] deleted ${result.requestLogs} request logs older than ${result.cutoff.toISOString()} and ${result.usageFlushes} flush records`,
        );
      }
      const secrets = await purgeDeletedSecrets(db);
      if (secrets) console.log(`[retention] purged ${secrets} secrets deleted more than 30 days ago`);
    } catch (error) {
      console.error(`[retention] pruning failed (retrying within the hour): ${(error as Error).message}`);
    } finally {
      state.running = false;
    }
  };
  const first = setTimeout(() => {
    void run();
    state.timer = setInterval(() => void run(), TIMER_INTERVAL_MS);
    state.timer.unref();
  }, TIMER_FIRST_RUN_MS);
  first.unref();
  state.timer = first;
}
