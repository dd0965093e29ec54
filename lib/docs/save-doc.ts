import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type { Transaction } from '@/db';
import { developerDocs, partners, type DocVisibility } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { isUniqueViolation } from '@/lib/actions/execute-action';
import type { AuditEntry } from '@/lib/audit/write-audit-log';
import { authorize } from '@/lib/auth/policy';
import { InputError, NotFoundError, fieldError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { suggestDocSlug } from '@/lib/docs/doc-slug';
import { appendRevision, latestRevision } from './doc-revisions';
import { createDocInput, updateDocInput, type CreateDocInput } from './doc-input';

/** What the editor gets back from a save: the revision it now edits. */
export type SavedDocData = Pick<SavedDoc, 'id' | 'slug' | 'revision'>;

export interface SavedDoc {
  id: string;
  title: string;
  slug: string;
  apiVersion: string;
  partnerId: string | null;
  isPublished: boolean;
  revision: number;
  /** What this save did to the publish state. */
  published: boolean;
  created: boolean;
}

/** Who will read the doc: the visibility chosen (or implied by the organization) and the organization it needs. */
export function docAudience(input: { visibility?: DocVisibility; partnerId?: string }): { visibility: DocVisibility; partnerId: string | null } {
  const visibility = input.visibility ?? (input.partnerId ? 'organization' : 'partners');
  if (visibility !== 'organization') return { visibility, partnerId: null };
  if (!input.partnerId) throw fieldError('partnerId', 'Choose the organization that may read this doc');
  return { visibility, partnerId: input.partnerId };
}

async function assertPartnerExists(tx: Transaction, partnerId: string | null | undefined): Promise<void> {
  if (!partnerId) return;
  const [row] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
  if (!row) throw fieldError('partnerId', 'Choose an organization from the list, or every partner');
}

const slugTaken = (slug: string, apiVersion: string) => fieldError('slug', `Another ${apiVersion} doc already uses the slug "${slug}"`);

async function assertSlugFree(tx: Transaction, slug: string, apiVersion: string, exceptId?: string): Promise<void> {
  const conditions = [eq(developerDocs.slug, slug), eq(developerDocs.apiVersion, apiVersion)];
  if (exceptId) conditions.push(ne(developerDocs.id, exceptId));
  const [taken] = await tx
    .select({ id: developerDocs.id })
    .from(developerDocs)
    .where(and(...conditions));
  if (taken) throw slugTaken(slug, apiVersion);
}

/** The slug the form gave, or one made from the title (with a number if taken). */
async function resolveSlug(tx: Transaction, input: CreateDocInput, exceptId?: string): Promise<string> {
  if (input.slug) {
    await assertSlugFree(tx, input.slug, input.apiVersion, exceptId);
    return input.slug;
  }
  const base = suggestDocSlug(input.title);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const conditions = [eq(developerDocs.slug, candidate), eq(developerDocs.apiVersion, input.apiVersion)];
    if (exceptId) conditions.push(ne(developerDocs.id, exceptId));
    const [taken] = await tx
      .select({ id: developerDocs.id })
      .from(developerDocs)
      .where(and(...conditions));
    if (!taken) return candidate;
  }
}

function rethrowSlugRace(error: unknown, slug: string, apiVersion: string): never {
  // Two editors saving the same slug at once: the unique index decides, the loser gets the field error.
  if (isUniqueViolation(error)) throw slugTaken(slug, apiVersion);
  throw error;
}

export function docAudit(doc: SavedDoc): AuditEntry[] {
  const target = { partnerId: doc.partnerId, targetType: 'doc', targetId: doc.id };
  const metadata = { title: doc.title, slug: doc.slug, apiVersion: doc.apiVersion, revision: doc.revision };
  const entries: AuditEntry[] = [{ action: doc.created ? 'doc.create' : 'doc.update', ...target, metadata }];
  if (doc.published) entries.push({ action: 'doc.publish', ...target, metadata });
  return entries;
}

/** Staff write a doc; it starts as a draft unless "Publish" was pressed. */
export const createDocSpec: UserActionSpec<typeof createDocInput, SavedDoc, SavedDocData> = {
  name: 'createDoc',
  access: 'user',
  input: createDocInput,
  policy: (input) => ({ action: 'doc.write', resource: { partnerId: docAudience(input).partnerId } }),
  async run({ input, tx, actor }) {
    const audience = docAudience(input);
    await assertPartnerExists(tx, audience.partnerId);
    const slug = await resolveSlug(tx, input);
    const publish = input.intent === 'publish';
    const doc = {
      id: newId('doc'),
      title: input.title,
      slug,
      apiVersion: input.apiVersion,
      content: input.content,
      ...audience,
      isPublished: publish,
      publishedAt: publish ? new Date() : null,
      ownerId: actor.userId,
      updatedById: actor.userId,
    };
    await tx
      .insert(developerDocs)
      .values(doc)
      .catch((error: unknown) => rethrowSlugRace(error, slug, input.apiVersion));
    let revision = await appendRevision(tx, doc, 'create', actor);
    if (publish) revision = await appendRevision(tx, doc, 'publish', actor);
    return { ...doc, revision, published: publish, created: true };
  },
  message: (doc) => (doc.published ? `“${doc.title}” is published.` : `“${doc.title}” is saved as a draft.`),
  data: (doc) => ({ id: doc.id, slug: doc.slug, revision: doc.revision }),
  audit: (doc) => docAudit(doc),
};

/** Saves an edit as a new revision; a published doc stays published (and changes for readers at once). */
export const updateDocSpec: UserActionSpec<typeof updateDocInput, SavedDoc, SavedDocData> = {
  name: 'updateDoc',
  access: 'user',
  input: updateDocInput,
  async policy(input, _actor, tx) {
    const [doc] = await tx.select({ partnerId: developerDocs.partnerId }).from(developerDocs).where(eq(developerDocs.id, input.docId));
    if (!doc) throw new NotFoundError('This doc no longer exists.');
    // The doc as it is; moving it to another audience is checked in `run` as well.
    return { action: 'doc.write', resource: { partnerId: doc.partnerId } };
  },
  async run({ input, tx, actor }) {
    const audience = docAudience(input);
    authorize(actor, 'doc.write', { partnerId: audience.partnerId });
    const [current] = await tx.select().from(developerDocs).where(eq(developerDocs.id, input.docId)).for('update');
    if (!current) throw new NotFoundError('This doc no longer exists.');
    if ((await latestRevision(tx, current.id)) !== input.baseRevision) {
      throw new InputError('Someone saved this doc after you opened it. Copy your changes, reload the page and apply them again.');
    }
    await assertPartnerExists(tx, audience.partnerId);
    const slug = await resolveSlug(tx, input, current.id);
    const publish = input.intent === 'publish' && !current.isPublished;
    const next = {
      title: input.title,
      slug,
      apiVersion: input.apiVersion,
      content: input.content,
      ...audience,
      updatedById: actor.userId,
      ...(publish ? { isPublished: true, publishedAt: new Date() } : {}),
    };
    await tx
      .update(developerDocs)
      .set(next)
      .where(eq(developerDocs.id, current.id))
      .catch((error: unknown) => rethrowSlugRace(error, slug, input.apiVersion));
    const doc = { ...current, ...next };
    let revision = await appendRevision(tx, doc, 'edit', actor);
    if (publish) revision = await appendRevision(tx, doc, 'publish', actor);
    return {
      id: doc.id,
      title: doc.title,
      slug,
      apiVersion: doc.apiVersion,
      partnerId: doc.partnerId,
      isPublished: doc.isPublished,
      revision,
      published: publish,
      created: false,
    };
  },
  message: (doc) => (doc.published ? `“${doc.title}” is saved and published.` : `“${doc.title}” is saved.`),
  data: (doc) => ({ id: doc.id, slug: doc.slug, revision: doc.revision }),
  audit: (doc) => docAudit(doc),
};
