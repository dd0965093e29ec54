/**
 * npm run bench:seed-usage -- [--requests 10000000] [--days 30] [--request-log-days 2] [--database-url URL]
 *
 * Fills a database with synthetic usage (see bench/lib/usage-seed.ts): 50 organizations, 500 keys,
 * the per-minute usage_logs rollups of `--requests` requests over `--days` days, and request_logs for
 * the last `--request-log-days` days. Without --database-url it creates a fresh database (migrated
 * and seeded, like the other benchmarks) and KEEPS it, printing its URL for
 * `npm run bench:analytics -- --database-url URL`; drop it with `--drop` on a later run or by hand.
 * With --database-url the database must be migrated and have no bench organizations yet.
 */
import { runBench, step } from './lib/harness';
import { parseArgs, seedOptionsFrom, seedUsage } from './lib/usage-seed';

const args = parseArgs(process.argv.slice(2));
const options = seedOptionsFrom(args);
const databaseUrl = typeof args.get('database-url') === 'string' ? (args.get('database-url') as string) : undefined;

runBench('seed-usage', { timeoutSeconds: 60 * 60, noBuild: true, existingDatabaseUrl: databaseUrl, keepDatabase: true }, async (ctx) => {
  const url = ctx.database.env.DATABASE_URL!;
  step(
    `seeding ${options.requests.toLocaleString('en-US')} requests over ${options.days} days (${options.orgs} orgs, ${options.keys} keys, request_logs for the last ${options.requestLogDays} days)`,
  );
  const seeded = await seedUsage(url, options, step);
  console.log('');
  console.log(`bench:seed-usage — ${seeded.requests.toLocaleString('en-US')} requests, ${seeded.from.toISOString()} … ${seeded.to.toISOString()}`);
  console.log(`  usage_logs rows    ${seeded.usageRows.toLocaleString('en-US')}`);
  console.log(`  request_logs rows  ${seeded.requestLogRows.toLocaleString('en-US')}`);
  console.log(`  time               ${seeded.seconds.toFixed(1)} s`);
  console.log(`  heavy org          ${seeded.heavyOrg.slug} (${seeded.heavyOrg.id})`);
  console.log(`  database           ${url}`);
  console.log('');
  return true;
});
