/**
 * Deletes request logs older than the retention window (REQUEST_LOG_RETENTION_DAYS, default 14) in
 * batches, and old flush records; usage_logs are kept. The server also does this hourly by itself.
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
  console.log(`Deleting request logs older than ${days} days…`);
  const result = await pruneRequestLogs({ days, onProgress: (n) => console.log(`  ${n.toLocaleString('en-US')} deleted`) });
  console.log(
    `Done: ${result.requestLogs.toLocaleString('en-US')} request logs before ${result.cutoff.toISOString()} and ${result.usageFlushes} flush records deleted.`,
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
