import 'server-only';
import { and, lt, sql } from 'drizzle-orm';
import { db } from '@/db';
import { verifierChanges, verifierConnections } from '@/db/schema';
import { registerJob } from '@/lib/runtime/jobs';

/** Changes older than this are pruned: a verifier further behind loads a snapshot again (`reset`). */
export const CHANGE_LOG_RETENTION_MS = 7 * 86_400_000;

/** Prunes the change log (always keeping its newest row, so `seq` never looks reset) and verifiers gone for a week. */
export async function pruneVerifierLog(now = Date.now()): Promise<{ changes: number; connections: number }> {
  const cutoff = new Date(now - CHANGE_LOG_RETENTION_MS);
  const changes = await db
    .delete(verifierChanges)
    .where(and(lt(verifierChanges.createdAt, cutoff), sql`${verifierChanges.seq} < (select max(seq) from ${verifierChanges})`))
    .returning({ seq: verifierChanges.seq });
  const connections = await db.delete(verifierConnections).where(lt(verifierConnections.lastSeenAt, cutoff)).returning({ id: verifierConnections.id });
  return { changes: changes.length, connections: connections.length };
}

/** Hourly, once in the cluster. */
registerJob({
  name: 'verifier.prune-log',
  scope: 'cluster',
  everyMs: 60 * 60 * 1000,
  firstRunAfterMs: 10 * 60 * 1000,
  async run({ now }) {
    const pruned = await pruneVerifierLog(now);
    if (pruned.changes || pruned.connections) console.log(`[verifier] pruned ${pruned.changes} change-log rows and ${pruned.connections} gone verifiers`);
  },
});
