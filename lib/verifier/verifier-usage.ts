import 'server-only';
import { inArray } from 'drizzle-orm';
import { db } from '@/db';
import { apiKeys, LATENCY_BUCKETS_MS, usageFlushes } from '@/db/schema';
import { newId } from '@/lib/ids';
import { writeUsageRows, type UsageRow } from '@/lib/usage/metering-buffer';
import { cleanText, RECORD_LIMITS } from '@/lib/usage/request-record';
import type { VerifierCredential } from './verifier-credential';

/** One aggregated row of a verifier's batch: requests of one key, endpoint, method and status in one minute. */
export interface VerifierUsageRecord {
  keyId: string;
  endpoint: string;
  method: string;
  status: number;
  /** Epoch ms of the minute's start. */
  minute: number;
  count: number;
  /** Of `count`, those admitted (they spent quota units). */
  billable: number;
  latencySumMs: number;
  latencyMaxMs: number;
  /** Counts per latency bucket (LATENCY_BUCKETS_MS, then one for slower), as the portal keeps them. */
  buckets: number[];
}

export interface UsageBatchResult {
  /** False when this batch id was already recorded (a retry): nothing was counted again. */
  recorded: boolean;
  requests: number;
  /** Records of keys this credential does not see (unknown, or another environment): not counted. */
  ignored: number;
}

export const BUCKET_COUNT = LATENCY_BUCKETS_MS.length + 1;

/**
 * A verifier's metering batch, counted exactly once: its id is claimed in `usage_flushes` in the same
 * transaction as the rows (namespaced by the credential, so two credentials cannot collide), and the rows
 * go through the portal's own writer (`writeUsageRows`): usage, analytics, alerts and the quota ledger see
 * them as they see the portal's traffic. Each key's organization comes from the database, never from the batch.
 */
export async function recordVerifierUsage(credential: VerifierCredential, batchId: string, records: VerifierUsageRecord[]): Promise<UsageBatchResult> {
  const keyIds = [...new Set(records.map((r) => r.keyId))];
  return db.transaction(async (tx) => {
    const known = keyIds.length
      ? await tx.select({ id: apiKeys.id, partnerId: apiKeys.partnerId, environment: apiKeys.environment }).from(apiKeys).where(inArray(apiKeys.id, keyIds))
      : [];
    const owners = new Map(known.filter((k) => credential.environments.includes(k.environment)).map((k) => [k.id, k.partnerId]));
    const rows: UsageRow[] = [];
    let ignored = 0;
    let requests = 0;
    for (const r of records) {
      const partnerId = owners.get(r.keyId);
      if (!partnerId) {
        ignored += r.count;
        continue;
      }
      requests += r.count;
      rows.push({
        id: newId('use'),
        partnerId,
        apiKeyId: r.keyId,
        endpoint: cleanText(r.endpoint, RECORD_LIMITS.endpoint) || '/',
        method: cleanText(r.method, RECORD_LIMITS.method).toUpperCase() || 'GET',
        statusCode: r.status,
        occurredAt: new Date(Math.floor(r.minute / 60_000) * 60_000),
        requestCount: r.count,
        billableCount: Math.min(r.billable, r.count),
        latencySumMs: r.latencySumMs,
        latencyMaxMs: r.latencyMaxMs,
        buckets: r.buckets,
      });
    }
    const claimed = await tx
      .insert(usageFlushes)
      .values({ id: `vfb_${credential.key.id}_${batchId}`, rows: requests })
      .onConflictDoNothing()
      .returning({ id: usageFlushes.id });
    if (claimed.length === 0) return { recorded: false, requests: 0, ignored: 0 };
    await writeUsageRows(tx, mergeRows(rows));
    return { recorded: true, requests, ignored };
  });
}

/** Rows of one batch that fall on the same usage_logs row are added up first (one upsert may not touch a row twice). */
function mergeRows(rows: UsageRow[]): UsageRow[] {
  const merged = new Map<string, UsageRow>();
  for (const row of rows) {
    const id = `${row.apiKeyId}\u0000${row.endpoint}\u0000${row.method}\u0000${row.statusCode}\u0000${row.occurredAt.getTime()}`;
    const into = merged.get(id);
    if (!into) {
      merged.set(id, { ...row, buckets: [...row.buckets] });
      continue;
    }
    into.requestCount += row.requestCount;
    into.billableCount += row.billableCount;
    into.latencySumMs += row.latencySumMs;
    into.latencyMaxMs = Math.max(into.latencyMaxMs, row.latencyMaxMs);
    row.buckets.forEach((n, b) => (into.buckets[b]! += n));
  }
  return [...merged.values()];
}
