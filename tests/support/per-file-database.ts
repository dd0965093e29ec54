import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, inject } from 'vitest';
import { installDatabase, closeDatabase } from '@/db';
import { connectPglite, connectPostgres } from '@/db/connect';
import { createDatabase, dropDatabase, freshDatabaseName } from '@/db/fresh-database';

// Runs before every test file: the file gets a database of its own, copied from the migrated one.
// And a master key of its own, so that no test writes a development key file into the checkout.
process.env.PORTAL_MASTER_KEY ??= randomBytes(32).toString('base64');
const config = inject('testDatabase');

if (config.kind === 'postgres') {
  const name = freshDatabaseName(`${config.runPrefix}_f`);
  const url = await createDatabase(config.serverUrl, name, config.template);
  installDatabase(connectPostgres(url, { max: 5 }));
  afterAll(async () => {
    await closeDatabase();
    await dropDatabase(config.serverUrl, name);
  });
} else {
  const snapshot = new Blob([fs.readFileSync(config.snapshotFile)]);
  installDatabase(connectPglite({ dataDir: 'memory://', loadDataDir: snapshot }));
  afterAll(closeDatabase);
}
