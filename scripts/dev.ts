import { closeDatabase, getDatabase } from '@/db';
import { migrateDatabase } from '@/db/migrate';
import { preparePortalContent } from '@/lib/catalog/prepare-portal-content';
import { resolveAuthSecret } from '@/lib/auth/auth-secret';
import { masterKeyRing } from '@/lib/secrets/master-keys';
import { formatDemoLogins, seedDemoData } from '@/lib/seed/demo-data';
import { passThroughArgs, runNext } from './run-next';

// Migrate and seed in this process, close the database, then hand it to `next dev`:
// PGlite allows one process per data folder.
async function main() {
  const handle = getDatabase();
  console.log(`Database: ${handle.description}`);
  await migrateDatabase(handle);
  await preparePortalContent(handle.db);
  const logins = await seedDemoData(handle.db);
  await closeDatabase();

  const secret = resolveAuthSecret();
  masterKeyRing(); // creates the development master key (with a warning) before the server needs it
  console.log(`\n${formatDemoLogins(logins)}\n`);
  runNext(['dev', ...passThroughArgs()], { ...process.env, AUTH_SECRET: secret });
}

main().catch((error) => {
  console.error('Could not start the dev server:', error instanceof Error ? error.message : error);
  process.exit(1);
});
