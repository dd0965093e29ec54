import { closeDatabase, getDatabase } from '@/db';
import { migrateDatabase } from '@/db/migrate';

async function main() {
  const handle = getDatabase();
  console.log(`Migrating ${handle.description} …`);
  const started = Date.now();
  await migrateDatabase(handle);
  console.log(`Migrations applied in ${Date.now() - started} ms.`);
  await closeDatabase();
}

main().catch((error) => {
  console.error('Migration failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
