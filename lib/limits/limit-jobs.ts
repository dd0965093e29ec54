import 'server-only';
import { db } from '@/db';
import { registerJob } from '@/lib/runtime/jobs';
import { postgresQuotaStore } from '@/lib/usage/quota';
import { heartbeat, HEARTBEAT_MS, leaveCluster } from './cluster-size';
import { limitsLink } from './redis-link';

/** Every instance says it is alive and counts the others (its share of a rate limit when Redis is away). */
registerJob({
  name: 'limits.heartbeat',
  scope: 'process',
  everyMs: HEARTBEAT_MS,
  start: () => heartbeat(db).catch((error) => console.error(`[limits] heartbeat: ${(error as Error).message}`)),
  run: () => heartbeat(db),
  stop: () => leaveCluster(db),
});

/** While Redis is unreachable, a PING every 2 s: limits go back to Redis as soon as it answers. */
registerJob({
  name: 'limits.redis-probe',
  scope: 'process',
  everyMs: 2_000,
  run: async () => limitsLink()?.probe(),
});

/** Quota units leased from Postgres and idle for 10 s go back to the shared counter; all of them on shutdown. */
registerJob({
  name: 'quota.leases',
  scope: 'process',
  everyMs: 5_000,
  run: () => postgresQuotaStore().returnIdle(),
  stop: () => postgresQuotaStore().returnIdle({ all: true }),
});
