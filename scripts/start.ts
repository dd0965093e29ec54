import { closeDatabase, getDatabase } from '@/db';
import { defaultPgliteDir } from '@/db/connect';
import { migrateDatabase } from '@/db/migrate';
import { buildMasterKeyRing } from '@/lib/secrets/master-keys';
import { preparePortalContent } from '@/lib/catalog/prepare-portal-content';
import { staffTwoFactorWarning } from '@/lib/identity/two-factor-policy';
import { passThroughArgs, runServer } from './run-next';

async function main() {
  if (!process.env.AUTH_SECRET) {
    console.error('AUTH_SECRET is required in production. Generate one with `openssl rand -base64 32` and set it.');
    process.exit(1);
  }
  try {
    const ring = buildMasterKeyRing({ ...process.env, NODE_ENV: 'production' });
    console.log(`Secrets: ${ring.byId.size} master key${ring.byId.size === 1 ? '' : 's'} configured; new values are wrapped by ${ring.current.id}.`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  if (!process.env.DATABASE_URL) {
    console.warn(
      `WARNING: DATABASE_URL is not set: running on the embedded PGlite database in ${defaultPgliteDir()}.\n` +
        '         It suits a trial or a single small instance; set DATABASE_URL to use Postgres in production.',
    );
  }
  const handle = getDatabase();
  console.log(`Database: ${handle.description}`);
  await migrateDatabase(handle);
  await preparePortalContent(handle.db);
  const twoFactorWarning = await staffTwoFactorWarning(handle.db, { ...process.env, NODE_ENV: 'production' });
  if (twoFactorWarning) console.warn(twoFactorWarning);
  await closeDatabase();
  // A self-hosted portal usually sits behind its own reverse proxy; set AUTH_URL to pin the public URL instead.
  runServer(passThroughArgs(), { AUTH_TRUST_HOST: 'true', ...process.env, NODE_ENV: 'production' });
}

main().catch((error) => {
  console.error('Could not start the server:', error instanceof Error ? error.message : error);
  process.exit(1);
});
