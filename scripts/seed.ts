import { closeDatabase, getDatabase } from '@/db';
import { formatDemoLogins, seedDemoData } from '@/lib/seed/demo-data';

async function main() {
  const handle = getDatabase();
  console.log(`Seeding demo data into ${handle.description} …`);
  const logins = await seedDemoData(handle.db);
  console.log(formatDemoLogins(logins));
  await closeDatabase();
}

main().catch((error) => {
  console.error('Seeding failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
