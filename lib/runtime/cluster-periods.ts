import { lt } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '@/db';
import { jobRuns } from '@/db/schema';
import type { JobSpec } from './jobs';
import { processState } from './process-state';

/** This process, as named in `job_runs` (host and pid help an operator; the suffix keeps restarts apart). */
export const instanceId = processState('instance-id', () => `${process.env.HOSTNAME ?? 'portal'}:${process.pid}:${randomUUID().slice(0, 8)}`);

/**
 * Claims the current period of a cluster job for this instance: an insert of (job, period) that only one
 * instance can make (the primary key), so the job runs once per period in the whole cluster. No lock is
 * held while the job runs, and a crashed instance leaves nothing to clean up: the next period is claimed
 * afresh. (A run that dies mid-way is not retried within its period; every job here is idempotent and
 * catches up in the next one.)
 */
export function periodClaimer(db: () => Queryable) {
  return async (job: JobSpec, now: number): Promise<boolean> => {
    const period = new Date(Math.floor(now / job.everyMs!) * job.everyMs!);
    const claimed = await db().insert(jobRuns).values({ name: job.name, period, instance: instanceId }).onConflictDoNothing().returning({ name: jobRuns.name });
    return claimed.length === 1;
  };
}

/** The claims are only a ledger of who ran what: a week of them is plenty. */
export async function pruneJobRuns(db: Queryable, now = Date.now()): Promise<number> {
  const removed = await db
    .delete(jobRuns)
    .where(lt(jobRuns.period, new Date(now - 7 * 86_400_000)))
    .returning({ name: jobRuns.name });
  return removed.length;
}
