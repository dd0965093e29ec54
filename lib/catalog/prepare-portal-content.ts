import 'server-only';
import type { Queryable } from '@/db';
import { seedStarterDocs } from '@/lib/docs/starter-docs';
import { syncPortalCatalog } from './sync-portal-catalog';

/** After migrations, before serving: the catalog follows the code, and the starter guides exist. */
export async function preparePortalContent(db: Queryable, log: (line: string) => void = console.log): Promise<void> {
  const sync = await syncPortalCatalog(db);
  log(`Catalog: /api/v1 synced (${sync.added} added, ${sync.updated} updated, ${sync.retired} retired).`);
  const docs = await seedStarterDocs(db);
  if (docs > 0) log(`Docs: ${docs} starter guide${docs === 1 ? '' : 's'} published.`);
}
