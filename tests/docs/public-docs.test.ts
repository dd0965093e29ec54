import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { developerDocs } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { PUBLIC_DOC_READER, docReaderScopeOrPublic } from '@/lib/docs/doc-visibility';
import { docAsMarkdown } from '@/lib/docs/doc-markdown';
import { formatLlmsTxt, llmsDocs } from '@/lib/docs/llms-txt';
import { queryDocLibrary, queryReadableDoc } from '@/lib/docs/read-docs';
import { queryDocSearch } from '@/lib/docs/search-docs';
import { createDocSpec, updateDocSpec } from '@/lib/docs/save-doc';
import { createCast, testMeta } from '../support/fixtures';

let cast: Awaited<ReturnType<typeof createCast>>;

async function writeDoc(slug: string, fields: Record<string, unknown>) {
  const { result, value } = await executeAction(
    createDocSpec,
    { title: `Guide ${slug}`, slug, apiVersion: 'v1', content: `The ${slug} wombat guide.`, intent: 'publish', ...fields },
    { actor: cast.admin, meta: testMeta },
  );
  return { result, id: (value as { id: string } | undefined)?.id };
}

beforeAll(async () => {
  cast = await createCast();
  await writeDoc('open-guide', { visibility: 'public' });
  await writeDoc('partner-guide', { visibility: 'partners' });
  await writeDoc('acme-only', { visibility: 'organization', partnerId: cast.org.id });
  // An older form (no visibility): the organization decides, as before.
  await writeDoc('legacy-global', { partnerId: '' });
  await writeDoc('draft-public', { visibility: 'public', intent: 'save' });
});

const slugs = (rows: { slug: string }[]) => rows.map((r) => r.slug).sort();

describe('public docs', () => {
  it('a visitor without an account reads the published public docs only; partners read those too', async () => {
    expect(slugs((await queryDocLibrary(db, PUBLIC_DOC_READER, 'v1')).docs)).toEqual(['open-guide']);
    expect(slugs(await queryDocSearch(db, PUBLIC_DOC_READER, 'wombat'))).toEqual(['open-guide']);
    expect(await queryReadableDoc(db, PUBLIC_DOC_READER, 'partner-guide', 'v1')).toBeNull();
    expect(await queryReadableDoc(db, PUBLIC_DOC_READER, 'acme-only', 'v1')).toBeNull();
    expect(await queryReadableDoc(db, PUBLIC_DOC_READER, 'draft-public', 'v1')).toBeNull();

    const partner = docReaderScopeOrPublic(cast.developer);
    expect(slugs((await queryDocLibrary(db, partner, 'v1')).docs)).toEqual(['acme-only', 'legacy-global', 'open-guide', 'partner-guide']);
    expect(docReaderScopeOrPublic(null)).toEqual(PUBLIC_DOC_READER);
  });

  it('staff choose per doc: public, every partner or one organization (which needs the organization)', async () => {
    const missingOrg = await writeDoc('no-org', { visibility: 'organization' });
    expect(missingOrg.result.ok).toBe(false);
    expect(missingOrg.result.ok ? null : missingOrg.result.fieldErrors?.partnerId).toBeTruthy();

    const [doc] = await db.select().from(developerDocs).where(eq(developerDocs.slug, 'acme-only'));
    const { result } = await executeAction(
      updateDocSpec,
      {
        docId: doc!.id,
        baseRevision: 2,
        title: doc!.title,
        slug: doc!.slug,
        apiVersion: 'v1',
        content: doc!.content,
        visibility: 'public',
        partnerId: cast.org.id,
      },
      { actor: cast.admin, meta: testMeta },
    );
    expect(result.ok).toBe(true);
    const [after] = await db.select().from(developerDocs).where(eq(developerDocs.id, doc!.id));
    // Public means anyone: the organization is dropped.
    expect({ visibility: after!.visibility, partnerId: after!.partnerId }).toEqual({ visibility: 'public', partnerId: null });
  });

  it('/llms.txt lists the readable docs as Markdown links and every operation; a doc as Markdown starts with its title', async () => {
    const docs = await llmsDocs(PUBLIC_DOC_READER);
    const text = formatLlmsTxt({
      origin: 'https://portal.example',
      title: 'Partner Portal API',
      docs,
      operations: [{ id: 'getMe', method: 'GET', path: '/api/v1/me', summary: 'Who am I', status: 'active' }],
    });
    expect(text).toContain('# Partner Portal API');
    expect(text).toContain('(https://portal.example/docs/v1/open-guide.md)');
    expect(text).not.toContain('partner-guide');
    expect(text).toContain('- [GET /api/v1/me](https://portal.example/reference#getMe): Who am I');
    expect(text).toContain('https://portal.example/api/v1/openapi.json');
    expect(docAsMarkdown({ title: 'Quickstart', content: 'Hello\n' })).toBe('# Quickstart\n\nHello\n');
  });
});
