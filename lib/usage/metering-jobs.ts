import 'server-only';
import { db } from '@/db';
import { pruneJobRuns } from '@/lib/runtime/cluster-periods';
import { registerJob } from '@/lib/runtime/jobs';
import { flushMetering, FLUSH_INTERVAL_MS } from './metering-buffer';
import { ensureRequestLogPartitions, pruneRequestLogs } from './retention';

/** Every instance writes its own buffer every second, and all of it on shutdown. */
registerJob({
  name: 'metering.flush',
  scope: 'process',
  everyMs: FLUSH_INTERVAL_MS,
  run: () => flushMetering(),
  stop: () => flushMetering({ untilEmpty: true }),
});

/** Request-log partitions for the days ahead exist before the first request of a day needs them. */
registerJob({
  name: 'request-logs.partitions',
  scope: 'process',
  start: () => ensureRequestLogPartitions().catch((error) => console.error(`[retention] partitions: ${(error as Error).message}`)),
});

/** Hourly, once in the cluster: drop request-log partitions past the retention window, make the next ones. */
registerJob({
  name: 'request-logs.retention',
  scope: 'cluster',
  everyMs: 60 * 60 * 1000,
  firstRunAfterMs: 5 * 60 * 1000,
  async run({ now }) {
    const result = await pruneRequestLogs({ now });
    await pruneJobRuns(db, now);
    if (result.created.length) console.log(`[retention] created request_logs partitions ${result.created.join(', ')}`);
    if (result.droppedPartitions.length || result.usageFlushes) {
      console.log(
        `[retention] dropped ${result.droppedPartitions.length} request_logs partitions older than ${result.cutoff.toISOString()} (${result.droppedPartitions.join(', ') || 'none'}) and ${result.usageFlushes} flush records`,
      );
    }
  },
});
