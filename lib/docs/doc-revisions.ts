import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { db, type Queryable, type Transaction } from '@/db';
import { type developerDocs, docRevisions, users, type DocRevisionEvent } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { authorize } from '@/lib/auth/policy';
import type { Tenant } from '@/lib/auth/tenant';
import { newId } from '@/lib/ids';

type DocSnapshot = Pick<typeof developerDocs.$inferSelect, 'id' | 'title' | 'slug' | 'apiVersion' | 'content'>;

/** The doc's latest revision number (0 before the first); read under the doc's row lock by writers. */
export async function latestRevision(db: Queryable, docId: string): Promise<number> {
  const [row] = await db
    .select({ revision: sql<number>`coalesce(max(${docRevisions.revision}), 0)`.mapWith(Number) })
    .from(docRevisions)
    .where(eq(docRevisions.docId, docId));
  return row?.revision ?? 0;
}

/** Appends one entry to the doc's history; the caller holds the doc's row lock, so numbers never collide. */
export async function appendRevision(tx: Transaction, doc: DocSnapshot, event: DocRevisionEvent, actor: UserActor): Promise<number> {
  const revision = (await latestRevision(tx, doc.id)) + 1;
  await tx.insert(docRevisions).values({
    id: newId('drv'),
    docId: doc.id,
    revision,
    event,
    title: doc.title,
    slug: doc.slug,
    apiVersion: doc.apiVersion,
    content: doc.content,
    editedById: actor.userId,
    editedByLabel: actor.name || actor.email,
  });
  return revision;
}

export interface DocRevisionRow {
  revision: number;
  event: DocRevisionEvent;
  title: string;
  editedByName: string | null;
  editedByEmail: string | null;
  createdAt: Date;
  contentLength: number;
}

/** The history shown beside the editor, newest first. */
export async function listDocRevisions(tenant: Tenant, docId: string): Promise<DocRevisionRow[]> {
  const { actor } = tenant;
  authorize(actor, 'doc.write', { partnerId: null });
  return db
    .select({
      revision: docRevisions.revision,
      event: docRevisions.event,
      title: docRevisions.title,
      editedByName: sql<string | null>`coalesce(${users.name}, ${docRevisions.editedByLabel})`,
      editedByEmail: users.email,
      createdAt: docRevisions.createdAt,
      contentLength: sql<number>`length(${docRevisions.content})`.mapWith(Number),
    })
    .from(docRevisions)
    .leftJoin(users, eq(users.id, docRevisions.editedById))
    .where(eq(docRevisions.docId, docId))
    .orderBy(desc(docRevisions.revision));
}
