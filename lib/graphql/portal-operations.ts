import manifest from './persisted-operations.json';

/**
 * The header the GraphQL explorer sends with a document it does not find in the manifest: the one
 * place a portal session may run a free-form document (lib/graphql/persisted-operations-plugin.ts).
 */
export const EXPLORER_HEADER = 'x-graphql-explorer';

export interface PortalOperation {
  /** The operation's name (`Overview`), as the explorer lists it. */
  name: string;
  /** Its persisted id: the sha256 of `document`, sent as `extensions.persistedQuery.sha256Hash`. */
  hash: string;
  document: string;
}

/**
 * The portal's own GraphQL documents (lib/graphql/operations/*.graphql), from the committed manifest
 * (`npm run graphql:persist` writes it). Browser-safe: no hashing here, the manifest holds the ids.
 */
export const portalOperations: readonly PortalOperation[] = Object.entries(manifest as Record<string, string>).map(([hash, document]) => ({
  name: /\b(?:query|mutation|subscription)\s+(\w+)/.exec(document)?.[1] ?? hash.slice(0, 12),
  hash,
  document,
}));

const hashByDocument = new Map(portalOperations.map((operation) => [operation.document, operation.hash]));

/** The persisted id of a document that is one of the portal's (whitespace around it aside), else null. */
export function persistedHashOf(document: string): string | null {
  return hashByDocument.get(document.trim()) ?? null;
}
