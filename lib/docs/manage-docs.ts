import 'server-only';
import { and, asc, count, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { developerDocs, partners, users, type DocVisibility } from '@/db/schema';
import { authorize } from '@/lib/auth/policy';
import type { Tenant } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';
import { isStorableText } from '@/lib/validation/storable';
import { likePattern, pageOf, type TablePage, type TableQuery } from '@/lib/tables/table-query';
import { latestRevision } from './doc-revisions';
import { compareApiVersionsDesc } from './doc-visibility';

export const docSortColumns = ['title', 'version', 'updated', 'published'] as const;
export type DocSort = (typeof docSortColumns)[number];
export const docStates = ['draft', 'published'] as const;
export type DocState = (typeof docStates)[number];

export interface DocFilters {
  state?: DocState;
  apiVersion?: string;
  /** `global` for docs every partner reads, or an organization's id. */
  audience?: string;
}

export interface ManagedDocRow {
  id: string;
  title: string;
  slug: string;
  apiVersion: string;
  isPublished: boolean;
  publishedAt: Date | null;
  updatedAt: Date;
  updatedByName: string | null;
  partnerId: string | null;
  partnerName: string | null;
}

/** Staff's table of every doc, drafts included; sorted, filtered and paginated in SQL. */
export async function listDocsForManagement(tenant: Tenant, query: TableQuery<DocSort> & DocFilters): Promise<TablePage<ManagedDocRow>> {
  const { actor } = tenant;
  authorize(actor, 'doc.write', { partnerId: null });
  const conditions: SQL[] = [];
  if (query.state) conditions.push(eq(developerDocs.isPublished, query.state === 'published'));
  if (query.apiVersion) conditions.push(eq(developerDocs.apiVersion, query.apiVersion));
  if (query.audience === 'global') conditions.push(isNull(developerDocs.partnerId));
  else if (query.audience) conditions.push(eq(developerDocs.partnerId, query.audience));
  if (query.q) {
    const pattern = likePattern(query.q);
    conditions.push(or(ilike(developerDocs.title, pattern), ilike(developerDocs.slug, pattern))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const sortColumn = {
    title: sql`lower(${developerDocs.title})`,
    version: developerDocs.apiVersion,
    updated: developerDocs.updatedAt,
    published: developerDocs.publishedAt,
  }[query.sort];
  const order = query.direction === 'asc' ? asc(sortColumn) : sql`${sortColumn} desc nulls last`;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: developerDocs.id,
        title: developerDocs.title,
        slug: developerDocs.slug,
        apiVersion: developerDocs.apiVersion,
        isPublished: developerDocs.isPublished,
        publishedAt: developerDocs.publishedAt,
        updatedAt: developerDocs.updatedAt,
        updatedByName: users.name,
        partnerId: developerDocs.partnerId,
        partnerName: partners.name,
      })
      .from(developerDocs)
      .leftJoin(partners, eq(partners.id, developerDocs.partnerId))
      .leftJoin(users, eq(users.id, developerDocs.updatedById))
      .where(where)
      .orderBy(order, asc(developerDocs.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(developerDocs).where(where),
  ]);
  return pageOf(rows, total?.n ?? 0, query);
}

export interface EditableDoc {
  id: string;
  title: string;
  slug: string;
  apiVersion: string;
  content: string;
  partnerId: string | null;
  partnerName: string | null;
  visibility: DocVisibility;
  isPublished: boolean;
  publishedAt: Date | null;
  updatedAt: Date;
  /** The revision the editor opens at; a save sends it back to detect a concurrent edit. */
  revision: number;
}

export async function getDocForEditing(tenant: Tenant, docId: string): Promise<EditableDoc> {
  const { actor } = tenant;
  authorize(actor, 'doc.write', { partnerId: null });
  // An id Postgres cannot store (NUL from the URL) names nothing: a 404, not a database error.
  if (!isStorableText(docId)) throw new NotFoundError();
  const [doc] = await db
    .select({
      id: developerDocs.id,
      title: developerDocs.title,
      slug: developerDocs.slug,
      apiVersion: developerDocs.apiVersion,
      content: developerDocs.content,
      partnerId: developerDocs.partnerId,
      partnerName: partners.name,
      visibility: developerDocs.visibility,
      isPublished: developerDocs.isPublished,
      publishedAt: developerDocs.publishedAt,
      updatedAt: developerDocs.updatedAt,
    })
    .from(developerDocs)
    .leftJoin(partners, eq(partners.id, developerDocs.partnerId))
    .where(eq(developerDocs.id, docId));
  if (!doc) throw new NotFoundError();
  return { ...doc, revision: await latestRevision(db, doc.id) };
}

/** Every API version in use, for the editor's suggestions and the filters. */
export async function listDocApiVersions(): Promise<string[]> {
  const rows = await db.selectDistinct({ v: developerDocs.apiVersion }).from(developerDocs);
  return rows.map((r) => r.v).sort(compareApiVersionsDesc);
}
