import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import type { UserActor } from '@/lib/auth/actor';
import { executeAction } from '@/lib/actions/execute-action';
import { createDocSpec } from '@/lib/docs/save-doc';
import { getReadableDoc, listReadableDocs } from '@/lib/docs/read-docs';
import { searchDocs } from '@/lib/docs/search-docs';
import { NotFoundError } from '@/lib/errors';
import { callApi } from '../support/api-client';
import { createCast, createOrg, createUser, actorOf, testMeta } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { tenantOf } from '@/lib/auth/tenant';

// One word per doc that appears nowhere else, so search results say exactly which docs a reader sees.
const words = { global: 'quokkaglobal', own: 'quokkaown', foreign: 'quokkaforeign', draft: 'quokkadraft', foreignDraft: 'quokkaforeigndraft' };

let cast: Awaited<ReturnType<typeof createCast>>;
let otherDeveloper: UserActor;
let ownKey: string;
let docs: Record<keyof typeof words, { slug: string; id: string }>;

async function writeDoc(title: string, word: string, options: { partnerId?: string; publish: boolean; slug: string }) {
  const result = await executeAction(
    createDocSpec,
    {
      title,
      slug: options.slug,
      apiVersion: 'v1',
      partnerId: options.partnerId ?? '',
      content: `# ${title}\n\nThe ${word} guide explains webhooks.`,
      intent: options.publish ? 'publish' : 'save',
    },
    { actor: cast.admin, meta: testMeta },
  );
  if (!result.result.ok) throw new Error(JSON.stringify(result.result));
  return { slug: options.slug, id: (result.value as { id: string }).id };
}

beforeAll(async () => {
  cast = await createCast();
  const other = await createOrg({ name: 'Initrode' });
  otherDeveloper = await actorOf((await createUser({ org: { id: other.id, role: 'developer' } })).id);
  ownKey = (await issueKey(cast.org.id, { scopes: ['docs:read'] })).secret;
  docs = {
    global: await writeDoc('Global guide', words.global, { publish: true, slug: 'global-guide' }),
    own: await writeDoc('Acme guide', words.own, { publish: true, slug: 'acme-guide', partnerId: cast.org.id }),
    foreign: await writeDoc('Initrode guide', words.foreign, { publish: true, slug: 'initrode-guide', partnerId: other.id }),
    draft: await writeDoc('Draft guide', words.draft, { publish: false, slug: 'draft-guide' }),
    foreignDraft: await writeDoc('Initrode draft', words.foreignDraft, { publish: false, slug: 'initrode-draft', partnerId: other.id }),
  };
});

const slugsOf = (items: { slug: string }[]) => items.map((d) => d.slug).sort();

describe('what a partner may read', () => {
  it('lists, searches and serves only published docs that are global or their own organization’s', async () => {
    for (const actor of [cast.partnerAdmin, cast.developer]) {
      const library = await listReadableDocs(tenantOf(actor), 'v1');
      expect(slugsOf(library.docs)).toEqual(['acme-guide', 'global-guide']);
      expect(slugsOf(await searchDocs(tenantOf(actor), 'webhooks'))).toEqual(['acme-guide', 'global-guide']);
      for (const [name, word] of Object.entries(words)) {
        const hits = await searchDocs(tenantOf(actor), word);
        expect(
          hits.map((h) => h.slug),
          name,
        ).toEqual(name === 'global' || name === 'own' ? [docs[name as 'global' | 'own'].slug] : []);
      }
      await expect(getReadableDoc(tenantOf(actor), 'v1', 'acme-guide')).resolves.toMatchObject({ title: 'Acme guide' });
      for (const slug of ['draft-guide', 'initrode-guide', 'initrode-draft', 'no-such-doc']) {
        await expect(getReadableDoc(tenantOf(actor), 'v1', slug), slug).rejects.toBeInstanceOf(NotFoundError);
      }
    }
  });

  it('another organization sees its own doc and not Acme’s', async () => {
    expect(slugsOf((await listReadableDocs(tenantOf(otherDeveloper), 'v1')).docs)).toEqual(['global-guide', 'initrode-guide']);
    await expect(getReadableDoc(tenantOf(otherDeveloper), 'v1', 'acme-guide')).rejects.toBeInstanceOf(NotFoundError);
    expect(await searchDocs(tenantOf(otherDeveloper), words.own)).toEqual([]);
  });

  it('staff read every doc, drafts and every organization’s included', async () => {
    for (const actor of [cast.admin, cast.support]) {
      expect(slugsOf((await listReadableDocs(tenantOf(actor), 'v1')).docs)).toEqual([
        'acme-guide',
        'draft-guide',
        'global-guide',
        'initrode-draft',
        'initrode-guide',
      ]);
      expect((await searchDocs(tenantOf(actor), words.foreignDraft)).map((h) => h.slug)).toEqual(['initrode-draft']);
    }
  });

  it('search matches word prefixes, highlights them, and ignores tsquery syntax in the input', async () => {
    const [hit] = await searchDocs(tenantOf(cast.developer), 'quokkaglo');
    expect(hit?.slug).toBe('global-guide');
    expect(hit?.snippet).toContain('\uE000quokkaglobal\uE001');
    expect(await searchDocs(tenantOf(cast.developer), "')) | !& :* <->")).toEqual([]);
  });
});

describe('GET /api/v1/docs', () => {
  it('lists the key’s organization’s readable docs, and finds nothing of others by search', async () => {
    const list = await callApi('GET', '/api/v1/docs?apiVersion=v1', { key: ownKey });
    expect(list.status).toBe(200);
    expect(slugsOf(list.body.docs as { slug: string }[])).toEqual(['acme-guide', 'global-guide']);
    for (const [name, word] of Object.entries(words)) {
      const search = await callApi('GET', `/api/v1/docs?q=${word}`, { key: ownKey });
      expect(search.status).toBe(200);
      expect((search.body.docs as { slug: string }[]).length, name).toBe(name === 'global' || name === 'own' ? 1 : 0);
    }
  });

  it('serves a readable doc as Markdown and answers 404 for a draft, a foreign doc or an unknown slug', async () => {
    const own = await callApi('GET', '/api/v1/docs/acme-guide', { key: ownKey });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ slug: 'acme-guide', apiVersion: 'v1', audience: 'organization', url: '/docs/v1/acme-guide' });
    expect(own.body.content).toContain(words.own);
    for (const slug of ['draft-guide', 'initrode-guide', 'initrode-draft', 'no-such-doc']) {
      const refused = await callApi('GET', `/api/v1/docs/${slug}`, { key: ownKey });
      expect(refused.status, slug).toBe(404);
      expect(refused.contentType).toBe('application/problem+json');
      expect(JSON.stringify(refused.body)).not.toContain('quokka');
    }
  });

  it('needs the docs:read scope, and validates the slug and version', async () => {
    const noScope = (await issueKey(cast.org.id)).secret;
    expect((await callApi('GET', '/api/v1/docs', { key: noScope })).status).toBe(403);
    const bad = await callApi('GET', '/api/v1/docs/Not%20A%20Slug', { key: ownKey });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toHaveProperty(['path.slug']);
    expect((await callApi('GET', '/api/v1/docs?apiVersion=v9', { key: ownKey })).status).toBe(404);
  });
});

describe('the docs list', () => {
  it('summarises each doc in plain words: no code, table rules, link targets or heading marks', async () => {
    const { seedStarterDocs } = await import('@/lib/docs/starter-docs');
    await seedStarterDocs(db);
    const library = await listReadableDocs(tenantOf(cast.developer), 'v1');
    const errors = library.docs.find((d) => d.slug === 'errors')!;
    const quickstart = library.docs.find((d) => d.slug === 'quickstart')!;
    expect(errors.excerpt).toMatch(/^Every error of \/api\/v1 is an application\/problem\+json body/);
    for (const doc of library.docs) expect(doc.excerpt, doc.slug).not.toMatch(/---|```|\]\(|^#|\|/);
    expect(quickstart.excerpt).toContain('create a test key, call /api/v1/me');
  });
});
