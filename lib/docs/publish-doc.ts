import 'server-only';
import { eq } from 'drizzle-orm';
import { developerDocs } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { NotFoundError } from '@/lib/errors';
import { appendRevision } from './doc-revisions';
import { docIdInput } from './doc-input';

interface PublishChange {
  id: string;
  title: string;
  slug: string;
  apiVersion: string;
  partnerId: string | null;
  revision: number;
  changed: boolean;
}

function publishStateSpec(publish: boolean): UserActionSpec<typeof docIdInput, PublishChange> {
  return {
    name: publish ? 'publishDoc' : 'unpublishDoc',
    access: 'user',
    input: docIdInput,
    async policy(input, _actor, tx) {
      const [doc] = await tx.select({ partnerId: developerDocs.partnerId }).from(developerDocs).where(eq(developerDocs.id, input.docId));
      if (!doc) throw new NotFoundError('This doc no longer exists.');
      return { action: 'doc.write', resource: { partnerId: doc.partnerId } };
    },
    async run({ input, tx, actor }) {
      const [doc] = await tx.select().from(developerDocs).where(eq(developerDocs.id, input.docId)).for('update');
      if (!doc) throw new NotFoundError('This doc no longer exists.');
      const base = { id: doc.id, title: doc.title, slug: doc.slug, apiVersion: doc.apiVersion, partnerId: doc.partnerId };
      // Pressing the button twice (two tabs) changes nothing the second time and writes no history.
      if (doc.isPublished === publish) return { ...base, revision: 0, changed: false };
      await tx
        .update(developerDocs)
        .set(publish ? { isPublished: true, publishedAt: new Date(), updatedById: actor.userId } : { isPublished: false, updatedById: actor.userId })
        .where(eq(developerDocs.id, doc.id));
      const revision = await appendRevision(tx, doc, publish ? 'publish' : 'unpublish', actor);
      return { ...base, revision, changed: true };
    },
    message: (doc) => {
      if (!doc.changed) return publish ? `“${doc.title}” was already published.` : `“${doc.title}” was already a draft.`;
      return publish ? `“${doc.title}” is published.` : `“${doc.title}” is unpublished: partners no longer see it.`;
    },
    audit: (doc) =>
      doc.changed
        ? {
            action: publish ? 'doc.publish' : 'doc.unpublish',
            partnerId: doc.partnerId,
            targetType: 'doc',
            targetId: doc.id,
            metadata: { title: doc.title, slug: doc.slug, apiVersion: doc.apiVersion, revision: doc.revision },
          }
        : null,
  };
}

export const publishDocSpec = publishStateSpec(true);
export const unpublishDocSpec = publishStateSpec(false);
