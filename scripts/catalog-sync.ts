import { closeDatabase, getDatabase } from '@/db';
import { preparePortalContent } from '@/lib/catalog/prepare-portal-content';

// `npm start` and `npm run dev` do this on their own; this is for deployments that migrate separately.
async function main() {
  const handle = getDatabase();
  console.log(`Syncing the catalog of ${handle.description} …`);
  await preparePortalContent(handle.db);
  await closeDatabase();
}

main().catch((error) => {
  console.error('Catalog sync failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
