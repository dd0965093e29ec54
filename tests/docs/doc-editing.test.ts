import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, developerDocs } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { listDocRevisions } from '@/lib/docs/doc-revisions';
import { getDocForEditing } from '@/lib/docs/manage-docs';
import { publishDocSpec, unpublishDocSpec } from '@/lib/docs/publish-doc';
import { getReadableDoc } from '@/lib/docs/read-docs';
import { createDocSpec, updateDocSpec } from '@/lib/docs/save-doc';
import { NotFoundError } from '@/lib/errors';
import { createCast, testMeta } from '../support/fixtures';
import { tenantOf } from '@/lib/auth/tenant';

let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  cast = await createCast();
});

const create = (input: Record<string, unknown>, actor = cast.admin) =>
  executeAction(createDocSpec, { apiVersion: 'v1', content: 'Hello', ...input }, { actor, meta: testMeta });

describe('writing docs', () => {
  it('suggests the slug from the title, and refuses a slug taken in the same API version with a field error', async () => {
    const first = await create({ title: 'Rate limits & Retries!' });
    expect(first.result).toMatchObject({ ok: true, data: { slug: 'rate-limits-retries' } });

    const clash = await create({ title: 'Another', slug: 'rate-limits-retries' });
    expect(clash.result).toEqual({
      ok: false,
      error: expect.any(String),
      fieldErrors: { slug: ['Another v1 doc already uses the slug "rate-limits-retries"'] },
    });
    // Without a slug, the suggestion steps around the taken one; in another version the slug is free.
    expect((await create({ title: 'Rate limits & retries' })).result).toMatchObject({ ok: true, data: { slug: 'rate-limits-retries-2' } });
    expect((await create({ title: 'v2 limits', slug: 'rate-limits-retries', apiVersion: 'v2' })).result).toMatchObject({ ok: true });

    // Renaming another doc onto a taken slug is refused too, and changes nothing.
    const other = await create({ title: 'Pagination' });
    const otherId = (other.value as { id: string }).id;
    const rename = await executeAction(
      updateDocSpec,
      { docId: otherId, baseRevision: 1, title: 'Pagination', slug: 'rate-limits-retries', apiVersion: 'v1', content: 'x' },
      { actor: cast.admin, meta: testMeta },
    );
    expect(rename.result).toMatchObject({ ok: false, fieldErrors: { slug: [expect.stringContaining('already uses')] } });
    expect((await db.select({ slug: developerDocs.slug }).from(developerDocs).where(eq(developerDocs.id, otherId)))[0]?.slug).toBe('pagination');
  });

  it('validates the fields with messages for the form', async () => {
    const bad = await create({ title: '', slug: 'Bad Slug', apiVersion: 'v 1', content: 'x'.repeat(200_001) });
    expect(bad.result).toMatchObject({ ok: false });
    const fieldErrors = (bad.result as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(Object.keys(fieldErrors).sort()).toEqual(['apiVersion', 'content', 'slug', 'title']);
    expect((await create({ title: 'For nobody', partnerId: 'org_doesnotexist' })).result).toMatchObject({
      ok: false,
      fieldErrors: { partnerId: [expect.any(String)] },
    });
  });

  it('keeps a history of who saved, published and unpublished, and audits publishing', async () => {
    const created = await create({ title: 'Webhooks', content: 'v1 text' });
    const docId = (created.value as { id: string }).id;
    const ctx = { actor: cast.admin, meta: testMeta };
    expect((await executeAction(updateDocSpec, { docId, baseRevision: 1, title: 'Webhooks', apiVersion: 'v1', content: 'v2 text' }, ctx)).result).toMatchObject(
      { ok: true },
    );
    // A save from an editor opened before that edit would overwrite it: refused.
    const stale = await executeAction(updateDocSpec, { docId, baseRevision: 1, title: 'Webhooks', apiVersion: 'v1', content: 'stale text' }, ctx);
    expect(stale.result).toMatchObject({ ok: false, error: expect.stringContaining('Someone saved this doc') });
    expect((await executeAction(publishDocSpec, { docId }, ctx)).result).toMatchObject({ ok: true });
    await expect(getReadableDoc(tenantOf(cast.developer), 'v1', 'webhooks')).resolves.toMatchObject({ content: 'v2 text' });
    expect((await executeAction(unpublishDocSpec, { docId }, ctx)).result).toMatchObject({ ok: true });
    await expect(getReadableDoc(tenantOf(cast.developer), 'v1', 'webhooks')).rejects.toBeInstanceOf(NotFoundError);

    const history = await listDocRevisions(tenantOf(cast.admin), docId);
    expect(history.map((r) => [r.revision, r.event, r.editedByEmail])).toEqual([
      [4, 'unpublish', cast.admin.email],
      [3, 'publish', cast.admin.email],
      [2, 'edit', cast.admin.email],
      [1, 'create', cast.admin.email],
    ]);
    expect((await getDocForEditing(tenantOf(cast.admin), docId)).revision).toBe(4);
    const audit = await db
      .select({ action: auditLogs.action, actorId: auditLogs.actorId, ip: auditLogs.ip })
      .from(auditLogs)
      .where(and(eq(auditLogs.targetId, docId)));
    expect(audit.map((a) => a.action).sort()).toEqual(['doc.create', 'doc.publish', 'doc.unpublish', 'doc.update']);
    expect(audit.every((a) => a.actorId === cast.admin.userId && a.ip === testMeta.ip)).toBe(true);
  });

  it('lets only staff admins write: support and partner users are refused and nothing is written', async () => {
    const before = (await db.select({ id: developerDocs.id }).from(developerDocs)).length;
    for (const actor of [cast.support, cast.partnerAdmin, cast.developer]) {
      const attempt = await create({ title: `By ${actor.email}` }, actor);
      expect(attempt.result, actor.email).toMatchObject({ ok: false });
    }
    const [doc] = await db.select({ id: developerDocs.id }).from(developerDocs).limit(1);
    for (const actor of [cast.support, cast.partnerAdmin]) {
      expect((await executeAction(publishDocSpec, { docId: doc!.id }, { actor, meta: testMeta })).result).toMatchObject({ ok: false });
    }
    expect((await db.select({ id: developerDocs.id }).from(developerDocs)).length).toBe(before);
  });
});
