import 'server-only';
import { cache } from 'react';
import { db } from '@/db';
import type { UserActor } from '@/lib/auth/actor';
import { portalAccessProblem } from '@/lib/auth/portal-access';
import { getActor } from '@/lib/auth/session';
import { tenantOf, type Tenant } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';
import { isStorableText } from '@/lib/validation/storable';
import { docReaderScopeOrPublic, type DocReaderScope } from './doc-visibility';
import { queryDocLibrary, queryReadableDoc, type DocLibrary, type ReadableDoc } from './read-docs';
import { queryDocSearch, type DocSearchHit } from './search-docs';

/**
 * Who reads the docs and the reference: a signed-in member of the portal (their docs), or anyone else
 * (signed out, or a person the portal keeps out for now, e.g. awaiting approval), who reads the public
 * docs. The docs pages, their Markdown and `/llms.txt` all ask this one function.
 */
export interface DocReader {
  actor: UserActor | null;
  tenant: Tenant | null;
  scope: DocReaderScope;
}

export const currentDocReader = cache(async (): Promise<DocReader> => {
  const actor = await getActor();
  const member = actor && !portalAccessProblem(actor) ? actor : null;
  return { actor: member, tenant: member ? tenantOf(member) : null, scope: docReaderScopeOrPublic(member) };
});

export function readerLibrary(reader: DocReader, apiVersion?: string): Promise<DocLibrary> {
  return queryDocLibrary(db, reader.scope, apiVersion);
}

export function readerSearch(reader: DocReader, q: string, options: { apiVersion?: string } = {}): Promise<DocSearchHit[]> {
  return queryDocSearch(db, reader.scope, q, options);
}

/** One doc by version and slug; anything this reader may not read (a partner-only doc signed out) is a 404. */
export async function readerDoc(reader: DocReader, apiVersion: string, slug: string): Promise<ReadableDoc> {
  // A version or slug Postgres cannot store (NUL from the URL) names nothing: a 404, not a database error.
  if (!isStorableText(apiVersion) || !isStorableText(slug)) throw new NotFoundError();
  const doc = await queryReadableDoc(db, reader.scope, slug, apiVersion);
  if (!doc) throw new NotFoundError();
  return doc;
}
