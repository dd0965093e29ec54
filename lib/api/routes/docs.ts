import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { db } from '@/db';
import { apiVersionField, docSlugField } from '@/lib/docs/doc-input';
import { queryDocLibrary, queryReadableDoc, readableApiVersions, type DocListItem } from '@/lib/docs/read-docs';
import { queryDocSearch } from '@/lib/docs/search-docs';
import { guardedRoute } from '../api-route-spec';
import { ApiProblem } from '../problem';

const docSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  apiVersion: z.string(),
  audience: z.enum(['all', 'organization']).describe('`organization`: written for your organization only'),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  url: z.string().describe('Where to read it in the portal'),
});

const docsListResponse = z.object({
  apiVersion: z.string().nullable().describe('The version listed: the one asked for, else the newest'),
  versions: z.array(z.string()).describe('Every API version with docs you may read, newest first'),
  docs: z.array(docSummarySchema),
});

const docResponse = docSummarySchema.extend({
  content: z.string().describe('The doc in Markdown (GitHub flavoured)'),
  otherVersions: z.array(z.string()).describe('Other API versions that have a doc with this slug'),
});

function summary(doc: Pick<DocListItem, 'slug' | 'title' | 'apiVersion' | 'partnerId' | 'publishedAt' | 'updatedAt'>): z.infer<typeof docSummarySchema> {
  return {
    slug: doc.slug,
    title: doc.title,
    apiVersion: doc.apiVersion,
    audience: doc.partnerId ? 'organization' : 'all',
    publishedAt: doc.publishedAt?.toISOString() ?? null,
    updatedAt: doc.updatedAt.toISOString(),
    url: `/docs/${encodeURIComponent(doc.apiVersion)}/${doc.slug}`,
  };
}

export const listDocsRoute = guardedRoute({
  method: 'GET',
  path: '/docs',
  tag: 'Docs',
  summary: 'List the published docs your organization may read',
  description:
    'Global docs and those written for your organization, of one API version. With `q`, a full-text search across versions (or within `apiVersion`).',
  access: { scope: 'docs:read' },
  query: z.object({
    apiVersion: apiVersionField.optional().describe('e.g. `v1`. Default: the newest version'),
    q: storableText().trim().min(1).max(200).optional().describe('Full-text search; every word must match, the last as a prefix'),
  }),
  response: { status: 200, description: 'The docs', schema: docsListResponse },
  async handler({ key, query }): Promise<z.infer<typeof docsListResponse>> {
    const scope = { kind: 'partner' as const, partnerId: key.partnerId };
    if (query.q) {
      const [hits, versions] = await Promise.all([
        queryDocSearch(db, scope, query.q, { apiVersion: query.apiVersion, limit: 50 }),
        readableApiVersions(db, scope),
      ]);
      return { apiVersion: query.apiVersion ?? null, versions, docs: hits.map(summary) };
    }
    const library = await queryDocLibrary(db, scope, query.apiVersion);
    if (query.apiVersion && library.apiVersion !== query.apiVersion) {
      throw new ApiProblem('not_found', `There are no docs for API version ${query.apiVersion}. Versions: ${library.versions.join(', ') || 'none'}.`);
    }
    return { apiVersion: library.apiVersion, versions: library.versions, docs: library.docs.map(summary) };
  },
});

export const getDocRoute = guardedRoute({
  method: 'GET',
  path: '/docs/{slug}',
  tag: 'Docs',
  summary: 'Read one doc as Markdown',
  description: 'The newest API version that has this slug, unless `apiVersion` is given. A doc you may not read is a 404, like one that does not exist.',
  access: { scope: 'docs:read' },
  params: z.object({ slug: docSlugField }),
  query: z.object({ apiVersion: apiVersionField.optional().describe('e.g. `v1`. Default: the newest version with this slug') }),
  response: { status: 200, description: 'The doc', schema: docResponse },
  problems: ['not_found'],
  async handler({ key, params, query }): Promise<z.infer<typeof docResponse>> {
    const doc = await queryReadableDoc(db, { kind: 'partner', partnerId: key.partnerId }, params.slug, query.apiVersion);
    if (!doc) throw new ApiProblem('not_found', `There is no published doc "${params.slug}"${query.apiVersion ? ` for ${query.apiVersion}` : ''}.`);
    return { ...summary(doc), content: doc.content, otherVersions: doc.otherVersions };
  },
});
