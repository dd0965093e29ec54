import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db, type Queryable } from '@/db';
import { developerDocs } from '@/db/schema';
import type { Tenant } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';
import { docReaderScopeOf, readableDocsCondition, type DocReaderScope } from './doc-visibility';

export interface DocSearchHit {
  id: string;
  title: string;
  slug: string;
  apiVersion: string;
  isPublished: boolean;
  partnerId: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  /** Text around the matches; matched words are between `HIGHLIGHT_START` and `HIGHLIGHT_END`. */
  snippet: string;
  rank: number;
}

// Private-use characters: they cannot come from a doc, so the UI can split on them and never render HTML.
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';

/**
 * A search-as-you-type query: every word must match, the last ones as prefixes (`rotat` finds
 * "rotation"). Only letters and digits reach `to_tsquery`, so its syntax cannot be injected.
 */
export function toPrefixTsQuery(q: string): string | null {
  const words = (q.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  return words.length ? words.map((w) => `${w.toLowerCase()}:*`).join(' & ') : null;
}

export async function queryDocSearch(
  db: Queryable,
  scope: DocReaderScope,
  q: string,
  options: { apiVersion?: string; limit?: number } = {},
): Promise<DocSearchHit[]> {
  const tsquery = toPrefixTsQuery(q);
  if (!tsquery) return [];
  const query = sql`to_tsquery('english', ${tsquery})`;
  const conditions = [sql`${developerDocs.searchVector} @@ ${query}`, readableDocsCondition(scope)];
  if (options.apiVersion) conditions.push(eq(developerDocs.apiVersion, options.apiVersion));
  const rank = sql<number>`ts_rank(${developerDocs.searchVector}, ${query})`;
  return db
    .select({
      id: developerDocs.id,
      title: developerDocs.title,
      slug: developerDocs.slug,
      apiVersion: developerDocs.apiVersion,
      isPublished: developerDocs.isPublished,
      partnerId: developerDocs.partnerId,
      publishedAt: developerDocs.publishedAt,
      updatedAt: developerDocs.updatedAt,
      snippet: sql<string>`ts_headline('english', ${developerDocs.content}, ${query}, ${`StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=28, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`})`,
      rank: rank.mapWith(Number),
    })
    .from(developerDocs)
    .where(and(...conditions))
    .orderBy(sql`${rank} desc`, developerDocs.title)
    .limit(options.limit ?? 20);
}

export async function searchDocs(tenant: Tenant, q: string, options: { apiVersion?: string } = {}): Promise<DocSearchHit[]> {
  const { actor } = tenant;
  const scope = docReaderScopeOf(actor);
  if (!scope) throw new NotFoundError();
  return queryDocSearch(db, scope, q, options);
}
