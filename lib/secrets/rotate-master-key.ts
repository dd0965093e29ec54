import { and, asc, count, eq, gt, isNotNull, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { partnerWebhooks, secretVersions } from '@/db/schema';
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
export async function rewrapDataKeys(
  db: Database,
  ring: MasterKeyRing,
  options: { batchSize?: number; onProgress?: (p: RewrapProgress) => void } = {},
): Promise<RewrapProgress & { remaining: number }> {
  const batchSize = options.batchSize ?? 500;
  const current = ring.current.id;
  const pending = () =>
    db
      .select({ n: count() })
      .from(secretVersions)
      .where(ne(secretVersions.masterKeyId, current))
      .then(([r]) => r?.n ?? 0);
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
  const webhooks = await rewrapWebhookSecrets(db, ring);
  return { done: done + webhooks, total: total + webhooks, remaining: await pending() };
}

/** Alert webhooks' signing secrets are wrapped the same way; there is at most one per organization. */
async function rewrapWebhookSecrets(db: Database, ring: MasterKeyRing): Promise<number> {
  const rows = await db
    .select({ partnerId: partnerWebhooks.partnerId, wrappedDataKey: partnerWebhooks.secretWrappedKey, masterKeyId: partnerWebhooks.secretMasterKeyId })
    .from(partnerWebhooks)
    .where(and(isNotNull(partnerWebhooks.secretMasterKeyId), ne(partnerWebhooks.secretMasterKeyId, ring.current.id)));
  for (const row of rows) {
    const next = rewrapDataKey({ wrappedDataKey: row.wrappedDataKey!, masterKeyId: row.masterKeyId! }, ring, `the alert webhook of ${row.partnerId}`);
    await db
      .update(partnerWebhooks)
      .set({ secretWrappedKey: next.wrappedDataKey, secretMasterKeyId: next.masterKeyId })
      .where(and(eq(partnerWebhooks.partnerId, row.partnerId), eq(partnerWebhooks.secretMasterKeyId, row.masterKeyId!)));
  }
  return rows.length;
}

/** How many secret versions and webhook secrets each master key wraps, for the rotation report. */
export async function countByMasterKey(db: Database): Promise<Record<string, number>> {
  const [versions, webhooks] = await Promise.all([
    db
      .select({ id: secretVersions.masterKeyId, n: sql<number>`count(*)`.mapWith(Number) })
      .from(secretVersions)
      .groupBy(secretVersions.masterKeyId),
    db
      .select({ id: partnerWebhooks.secretMasterKeyId, n: sql<number>`count(*)`.mapWith(Number) })
      .from(partnerWebhooks)
      .where(isNotNull(partnerWebhooks.secretMasterKeyId))
      .groupBy(partnerWebhooks.secretMasterKeyId),
  ]);
  const counts: Record<string, number> = {};
  for (const row of [...versions, ...webhooks]) counts[row.id!] = (counts[row.id!] ?? 0) + row.n;
  return counts;
}
