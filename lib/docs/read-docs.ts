import 'server-only';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { db, type Queryable } from '@/db';
import { developerDocs, docReads, partners, users } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import type { Tenant } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';
import { isStorableText } from '@/lib/validation/storable';
import { compareApiVersionsDesc, docReaderScopeOf, readableDocsCondition, type DocReaderScope } from './doc-visibility';

export interface DocListItem {
  id: string;
  title: string;
  slug: string;
  apiVersion: string;
  isPublished: boolean;
  publishedAt: Date | null;
  updatedAt: Date;
  partnerId: string | null;
  partnerName: string | null;
  /** The first paragraph's words, for the list. */
  excerpt: string;
}

export interface DocLibrary {
  versions: string[];
  apiVersion: string | null;
  docs: DocListItem[];
}

function readerScopeOrThrow(actor: UserActor): DocReaderScope {
  const scope = docReaderScopeOf(actor);
  if (!scope) throw new NotFoundError();
  return scope;
}

// Markdown syntax stripped well enough for a one-line summary; the doc page renders the real thing.
// Code blocks, headings, link targets and emphasis marks removed; patterns passed as parameters.
const excerptSteps: [string, string][] = [
  ['```.*?```', ' '], // '.' matches newlines in Postgres regexes
  ['(^|\\n)#+[^\\n]*', ' '],
  ['!?\\[([^\\]]*)\\]\\([^)]*\\)', '\\1'],
  ['[`*>#|]+|:?-{3,}:?', ''], // emphasis and table rules (underscores stay: SNAKE_CASE names)
  ['\\s+', ' '],
];
const excerptSql = sql<string>`left(${excerptSteps.reduce<SQL>((text, [pattern, replacement]) => sql`regexp_replace(${text}, ${pattern}, ${replacement}, 'g')`, sql`${developerDocs.content}`)}, 220)`;

const listColumns = {
  id: developerDocs.id,
  title: developerDocs.title,
  slug: developerDocs.slug,
  apiVersion: developerDocs.apiVersion,
  isPublished: developerDocs.isPublished,
  publishedAt: developerDocs.publishedAt,
  updatedAt: developerDocs.updatedAt,
  partnerId: developerDocs.partnerId,
  partnerName: partners.name,
  excerpt: excerptSql,
};

/** The API versions that have at least one doc this reader may read, newest first. */
export async function readableApiVersions(db: Queryable, scope: DocReaderScope): Promise<string[]> {
  const rows = await db.selectDistinct({ apiVersion: developerDocs.apiVersion }).from(developerDocs).where(readableDocsCondition(scope));
  return rows.map((r) => r.apiVersion).sort(compareApiVersionsDesc);
}

/** What the docs reader lists for one version (the newest when none is asked for). */
export async function queryDocLibrary(db: Queryable, scope: DocReaderScope, apiVersion?: string): Promise<DocLibrary> {
  const versions = await readableApiVersions(db, scope);
  const chosen = apiVersion && versions.includes(apiVersion) ? apiVersion : (versions[0] ?? null);
  if (!chosen) return { versions, apiVersion: null, docs: [] };
  const docs = await db
    .select({ ...listColumns, excerpt: sql<string>`trim(${excerptSql})` })
    .from(developerDocs)
    .leftJoin(partners, eq(partners.id, developerDocs.partnerId))
    .where(and(eq(developerDocs.apiVersion, chosen), readableDocsCondition(scope)))
    // Guides in a stable reading order: the quickstart first, then by title.
    .orderBy(
      sql`case ${developerDocs.slug} when 'quickstart' then 0 when 'authentication' then 1 when 'changelog' then 3 else 2 end`,
      asc(sql`lower(${developerDocs.title})`),
    );
  return { versions, apiVersion: chosen, docs };
}

export async function listReadableDocs(tenant: Tenant, apiVersion?: string): Promise<DocLibrary> {
  const { actor } = tenant;
  return queryDocLibrary(db, readerScopeOrThrow(actor), apiVersion);
}

export interface ReadableDoc extends DocListItem {
  content: string;
  ownerName: string | null;
  /** Other versions of the same slug this reader may read. */
  otherVersions: string[];
}

/** One doc by version and slug; anything the reader may not read is a 404, never a 403. */
export async function queryReadableDoc(db: Queryable, scope: DocReaderScope, slug: string, apiVersion?: string): Promise<ReadableDoc | null> {
  const rows = await db
    .select({ ...listColumns, content: developerDocs.content, ownerName: users.name })
    .from(developerDocs)
    .leftJoin(partners, eq(partners.id, developerDocs.partnerId))
    .leftJoin(users, eq(users.id, developerDocs.ownerId))
    .where(and(eq(developerDocs.slug, slug), readableDocsCondition(scope)));
  if (rows.length === 0) return null;
  rows.sort((a, b) => compareApiVersionsDesc(a.apiVersion, b.apiVersion));
  const doc = apiVersion ? rows.find((r) => r.apiVersion === apiVersion) : rows[0];
  if (!doc) return null;
  return { ...doc, otherVersions: rows.map((r) => r.apiVersion).filter((v) => v !== doc.apiVersion) };
}

export async function getReadableDoc(tenant: Tenant, apiVersion: string, slug: string): Promise<ReadableDoc> {
  const { actor } = tenant;
  // A version or slug Postgres cannot store (NUL from the URL) names nothing: a 404, not a database error.
  if (!isStorableText(apiVersion) || !isStorableText(slug)) throw new NotFoundError();
  const doc = await queryReadableDoc(db, readerScopeOrThrow(actor), slug, apiVersion);
  if (!doc) throw new NotFoundError();
  return doc;
}

/** Notes that a partner user opened a doc (the onboarding checklist's "quickstart read"); once per user. */
export async function recordDocRead(tenant: Tenant, docId: string): Promise<void> {
  const { actor } = tenant;
  if (actor.staffRole || !actor.membership) return;
  await db.insert(docReads).values({ docId, userId: actor.userId, partnerId: actor.membership.partnerId }).onConflictDoNothing();
}
