import { count, eq, gt, lt } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { runtimeInstances } from '@/db/schema';
import { instanceId } from '@/lib/runtime/cluster-periods';
import { processState } from '@/lib/runtime/process-state';

/**
 * How many instances are live: each writes a heartbeat into `runtime_instances` every 10 s (the
 * `limits.heartbeat` job) and counts the rows seen in the last 30 s. Kept in Postgres, not Redis, because
 * it is needed when Redis is down. Without an answer (Postgres down too) the last known count stays.
 */
export const HEARTBEAT_MS = 10_000;
const LIVE_MS = 30_000;

interface ClusterSize {
  instances: number;
  countedAt: number | null;
}
const state = () => processState<ClusterSize>('limits-cluster-size', () => ({ instances: 1, countedAt: null }));

/** The live instances this process knows of (1 until the first heartbeat). */
export function liveInstances(): number {
  return state().instances;
}

export function clusterSizeState(): ClusterSize {
  return state();
}

export async function heartbeat(db: Queryable, now = Date.now(), id = instanceId): Promise<number> {
  const seen = new Date(now);
  await db
    .insert(runtimeInstances)
    .values({ id, lastSeen: seen })
    .onConflictDoUpdate({ target: runtimeInstances.id, set: { lastSeen: seen } });
  const [row] = await db
    .select({ n: count() })
    .from(runtimeInstances)
    .where(gt(runtimeInstances.lastSeen, new Date(now - LIVE_MS)));
  // Rows of instances gone for a day are of no use to anyone.
  await db.delete(runtimeInstances).where(lt(runtimeInstances.lastSeen, new Date(now - 86_400_000)));
  const n = Math.max(1, Number(row?.n ?? 1));
  const s = state();
  s.instances = n;
  s.countedAt = now;
  return n;
}

export async function leaveCluster(db: Queryable, id = instanceId): Promise<void> {
  await db.delete(runtimeInstances).where(eq(runtimeInstances.id, id));
}
