import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the portal's own GraphQL documents live (one operation per `.graphql` file) and where their manifest goes. */
export const OPERATIONS_DIR = fileURLToPath(new URL('./operations', import.meta.url));
export const MANIFEST_FILE = fileURLToPath(new URL('./persisted-operations.json', import.meta.url));

/** The id a persisted operation is sent by: the sha256 of its exact text, hex (Apollo APQ's `sha256Hash`). */
export function persistedOperationHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}

/**
 * The manifest (`{ sha256: document }`, the Relay / GraphQL Yoga format) built from the `.graphql` files,
 * in file-name order so that the committed JSON only changes when a document does. `npm run graphql:persist`
 * writes it; a test fails when the committed file differs from what this builds.
 */
export function buildPersistedManifest(dir: string = OPERATIONS_DIR): Record<string, string> {
  const manifest: Record<string, string> = {};
  for (const file of fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const document = fs.readFileSync(path.join(dir, file), 'utf8').trim();
    manifest[persistedOperationHash(document)] = document;
  }
  return manifest;
}

/** The manifest file's text as the script writes it (prettier leaves it unchanged). */
export function manifestText(manifest: Record<string, string>): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
