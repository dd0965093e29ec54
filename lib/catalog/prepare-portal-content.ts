import 'server-only';
import type { Queryable } from '@/db';
import { encryptLegacyWebhookSecrets } from '@/lib/alerts/webhook-secret';
import { seedStarterDocs } from '@/lib/docs/starter-docs';
import { syncPortalCatalog } from './sync-portal-catalog';

/** After migrations, before serving: the catalog follows the code, and the starter guides exist. */
export async function preparePortalContent(db: Queryable, log: (line: string) => void = console.log): Promise<void> {
  const sync = await syncPortalCatalog(db);
  log(`Catalog: /api/v1 synced (${sync.added} added, ${sync.updated} updated, ${sync.retired} retired).`);
  // Webhook signing secrets saved before they were encrypted (needs the master key, so not a migration).
  const webhooks = await encryptLegacyWebhookSecrets(db);
  if (webhooks > 0) log(`Alerts: encrypted ${webhooks} webhook signing secret${webhooks === 1 ? '' : 's'}.`);
  const docs = await seedStarterDocs(db);
  if (docs > 0) log(`Docs: ${docs} starter guide${docs === 1 ? '' : 's'} published.`);
}
