/**
 * Writes lib/graphql/persisted-operations.json from the portal's own documents in lib/graphql/operations/
 * (run after adding or changing one, and commit both; tests/graphql/graphql-persisted.test.ts fails while
 * the manifest is stale).
 *   npm run graphql:persist
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildPersistedManifest, MANIFEST_FILE, manifestText } from '@/lib/graphql/persisted-manifest';

const manifest = buildPersistedManifest();
fs.writeFileSync(MANIFEST_FILE, manifestText(manifest));
console.log(`${path.relative(process.cwd(), MANIFEST_FILE)}: ${Object.keys(manifest).length} persisted operations`);
