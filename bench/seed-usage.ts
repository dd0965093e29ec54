/**
 * npm run bench:seed-usage -- [--requests 10000000] [--days 30] [--request-log-days 2] [--usage-log-days 30]
 *                              [--check-rollups] [--database-url URL]
 *
 * Fills a database with synthetic usage (see bench/lib/usage-seed.ts): 50 organizations, 500 keys,
 * the analytics' rollups (usage_hourly, usage_daily_keys, usage_daily_endpoints) of `--requests` requests
 * over `--days` days, the per-minute usage_logs of the last `--usage-log-days` days and request_logs of the
 * last `--request-log-days` days (defaults: every day and 2; above 20 M requests 1 and 1). Without --database-url it creates a fresh database (migrated
 * and seeded, like the other benchmarks) and KEEPS it, printing its URL for
 * `npm run bench:analytics -- --database-url URL`; drop it with `--drop` on a later run or by hand.
 * With --database-url the database must be migrated and have no bench organizations yet.
 */
import { runBench, step } from './lib/harness';
import { parseArgs, rawWindow, seedOptionsFrom, seedUsage } from './lib/usage-seed';

const args = parseArgs(process.argv.slice(2));
const options = seedOptionsFrom(args);
const databaseUrl = typeof args.get('database-url') === 'string' ? (args.get('database-url') as string) : undefined;

runBench('seed-usage', { timeoutSeconds: 60 * 60, noBuild: true, existingDatabaseUrl: databaseUrl, keepDatabase: true }, async (ctx) => {
  const url = ctx.database.env.DATABASE_URL!;
  const raw = rawWindow(options);
  step(
    `seeding ${options.requests.toLocaleString('en-US')} requests over ${options.days} days (${options.orgs} orgs, ${options.keys} keys, usage_logs for the last ${raw.usageLogDays} days, request_logs for the last ${raw.requestLogDays} days)`,
  );
  const seeded = await seedUsage(url, options, step);
  console.log('');
  console.log(`bench:seed-usage — ${seeded.requests.toLocaleString('en-US')} requests, ${seeded.from.toISOString()} … ${seeded.to.toISOString()}`);
  for (const [table, rows] of Object.entries(seeded.rollupRows)) console.log(`  ${`${table} rows`.padEnd(27)}${rows.toLocaleString('en-US')}`);
  console.log(`  ${'usage_logs rows'.padEnd(27)}${seeded.usageRows.toLocaleString('en-US')} (last ${raw.usageLogDays} days)`);
  console.log(`  ${'request_logs rows'.padEnd(27)}${seeded.requestLogRows.toLocaleString('en-US')} (last ${raw.requestLogDays} days)`);
  console.log(`  ${'time'.padEnd(27)}${seeded.seconds.toFixed(1)} s`);
  console.log(`  ${'pg_database_size'.padEnd(27)}${(seeded.databaseBytes / 2 ** 30).toFixed(2)} GiB (${seeded.databaseBytes.toLocaleString('en-US')} bytes)`);
  console.log(`  ${'heavy org'.padEnd(27)}${seeded.heavyOrg.slug} (${seeded.heavyOrg.id})`);
  console.log(`  ${'database'.padEnd(27)}${url}`);
  console.log('');
  return true;
});
