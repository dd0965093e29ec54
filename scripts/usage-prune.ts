/**
 * Request-log retention (REQUEST_LOG_RETENTION_DAYS, default 14): creates the coming days' partitions of
 * request_logs, moves any row of its default partition into its day's partition, drops the partitions
 * of days wholly older than the window (no row-by-row DELETE), and deletes old flush records; usage_logs
 * and the rollups are kept. The server also does this hourly by itself.
 *   npm run usage:prune [-- --days 30]
 */
import { parseArgs } from 'node:util';
import { closeDatabase } from '@/db';
import { pruneRequestLogs } from '@/lib/usage/retention';
import { retentionDays } from '@/lib/usage/retention-window';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { days: { type: 'string' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: npm run usage:prune [-- --days n]`);
    return 2;
  }
  const days = values.days === undefined ? retentionDays() : Number(values.days);
  if (!Number.isFinite(days) || days <= 0) {
    console.error('--days: use a positive number of days');
    return 2;
  }
  console.log(`Dropping the request_logs partitions of days wholly older than ${days} days…`);
  const result = await pruneRequestLogs({ days, onProgress: (line) => console.log(`  ${line}`) });
  if (result.created.length) console.log(`  created ${result.created.join(', ')}`);
  console.log(
    `Done: ${result.droppedPartitions.length} partitions before ${result.cutoff.toISOString()} dropped, ${result.created.length} created, ${result.movedFromDefault} rows moved out of the default partition, ${result.usageFlushes} flush records deleted.`,
  );
  return 0;
}

main()
  .then(async (code) => {
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error);
    await closeDatabase().catch(() => {});
    process.exit(1);
  });
