import { and, asc, count, eq, gt, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { secretVersions } from '@/db/schema';
import { rewrapDataKey } from './envelope';
import type { MasterKeyRing } from './master-keys';

export interface RewrapProgress {
  done: number;
  total: number;
}

/**
 * Re-wraps every data key not yet under the current master key, in batches of short transactions.
 * Ciphertexts do not change, and readers find each row's master key by its id, so the portal keeps
 * serving throughout. A row changed by someone else meanwhile is skipped by the `master_key_id`
 * guard and picked up again by the next pass.
 */
export async function rewrapDataKeys(db: Database, ring: MasterKeyRing, options: { batchSize?: number; onProgress?: (p: RewrapProgress) => void } = {}): Promise<RewrapProgress & { remaining: number }> {
  const batchSize = options.batchSize ?? 500;
  const current = ring.current.id;
  const pending = () => db.select({ n: count() }).from(secretVersions).where(ne(secretVersions.masterKeyId, current)).then(([r]) => r?.n ?? 0);
  const total = await pending();
  let done = 0;
  let after = '';
  options.onProgress?.({ done, total });
  for (;;) {
    const batch = await db
      .select({ id: secretVersions.id, wrappedDataKey: secretVersions.wrappedDataKey, masterKeyId: secretVersions.masterKeyId })
      .from(secretVersions)
      .where(and(ne(secretVersions.masterKeyId, current), gt(secretVersions.id, after)))
      .orderBy(asc(secretVersions.id))
      .limit(batchSize);
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const rewrapped = batch.map((row) => ({ ...row, next: rewrapDataKey(row, ring, `secret version ${row.id}`) }));
    await db.transaction(async (tx) => {
      for (const row of rewrapped) {
        await tx
          .update(secretVersions)
          .set({ wrappedDataKey: row.next.wrappedDataKey, masterKeyId: row.next.masterKeyId })
          .where(and(eq(secretVersions.id, row.id), eq(secretVersions.masterKeyId, row.masterKeyId), eq(secretVersions.wrappedDataKey, row.wrappedDataKey)));
      }
    });
    done += batch.length;
    options.onProgress?.({ done, total });
  }
  return { done, total, remaining: await pending() };
}

/** How many secret versions each master key wraps, for the rotation report. */
export async function countByMasterKey(db: Database): Promise<Record<string, number>> {
  const rows = await db.select({ id: secretVersions.masterKeyId, n: sql<number>`count(*)`.mapWith(Number) }).from(secretVersions).groupBy(secretVersions.masterKeyId);
  return Object.fromEntries(rows.map((r) => [r.id, r.n]));
}
