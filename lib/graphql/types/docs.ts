import 'server-only';
import { db } from '@/db';
import { docReaderScopeOf, type DocReaderScope } from '@/lib/docs/doc-visibility';
import { apiVersionField, docSlugField } from '@/lib/docs/doc-input';
import { queryDocLibrary, queryReadableDoc, readableApiVersions } from '@/lib/docs/read-docs';
import { queryDocSearch } from '@/lib/docs/search-docs';
import { storableText } from '@/lib/validation/storable';
import { builder } from '../builder';
import { clientError, notFound, type GraphqlContext } from '../context';

interface DocShape {
  slug: string;
  title: string;
  apiVersion: string;
  partnerId: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  content?: string;
  otherVersions?: string[];
}

const Doc = builder.objectRef<DocShape>('Doc').implement({
  description: 'A published developer doc (Markdown).',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    apiVersion: t.exposeString('apiVersion'),
    audience: t.string({ description: '`all`, or `organization`: written for your organization only', resolve: (d) => (d.partnerId ? 'organization' : 'all') }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    url: t.string({ description: 'Where to read it in the portal', resolve: (d) => `/docs/${encodeURIComponent(d.apiVersion)}/${d.slug}` }),
    content: t.string({
      nullable: true,
      description: 'The Markdown; only on `doc(slug)`, null in lists.',
      resolve: (d) => d.content ?? null,
    }),
    otherVersions: t.stringList({ nullable: true, resolve: (d) => d.otherVersions ?? null }),
  }),
});

const DocList = builder.objectRef<{ apiVersion: string | null; versions: string[]; docs: DocShape[] }>('DocList').implement({
  fields: (t) => ({
    apiVersion: t.exposeString('apiVersion', { nullable: true, description: 'The version listed: the one asked for, else the newest' }),
    versions: t.exposeStringList('versions', { description: 'Every API version with docs you may read, newest first' }),
    docs: t.field({ type: [Doc], complexity: { field: 1, multiplier: 20 }, resolve: (l) => l.docs }),
  }),
});

/** Whose docs the caller reads: a key its organization's published ones, a person as the portal's reader. */
function readerScope(ctx: GraphqlContext): DocReaderScope {
  if (ctx.key) return { kind: 'partner', partnerId: ctx.key.partnerId };
  const scope = ctx.user ? docReaderScopeOf(ctx.user) : null;
  if (!scope) throw notFound();
  return scope;
}

function parseArg<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } },
  value: unknown,
  name: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw clientError('BAD_USER_INPUT', `${name}: ${parsed.error.issues.map((i) => i.message).join(' ')}`);
  return parsed.data;
}

builder.queryFields((t) => ({
  docs: t.field({
    type: DocList,
    nullable: true,
    description: 'Published docs you may read, of one API version (default: the newest); with `search`, a full-text search. Needs `docs:read`.',
    authScopes: { scope: 'docs:read' },
    complexity: { field: 10, multiplier: 1 },
    args: { apiVersion: t.arg.string(), search: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const scope = readerScope(ctx);
      const apiVersion = args.apiVersion == null ? undefined : parseArg(apiVersionField, args.apiVersion, 'apiVersion');
      const search = args.search == null ? undefined : parseArg(storableText().trim().min(1).max(200), args.search, 'search');
      if (search) {
        const [hits, versions] = await Promise.all([queryDocSearch(db, scope, search, { apiVersion, limit: 50 }), readableApiVersions(db, scope)]);
        return { apiVersion: apiVersion ?? null, versions, docs: hits };
      }
      const library = await queryDocLibrary(db, scope, apiVersion);
      if (apiVersion && library.apiVersion !== apiVersion) throw notFound(`There are no docs for API version ${apiVersion}.`);
      return library;
    },
  }),
  doc: t.field({
    type: Doc,
    nullable: true,
    description: 'One published doc with its Markdown (the newest version with this slug unless `apiVersion` is given). Needs `docs:read`.',
    authScopes: { scope: 'docs:read' },
    complexity: 5,
    args: { slug: t.arg.string({ required: true }), apiVersion: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const scope = readerScope(ctx);
      const slug = parseArg(docSlugField, args.slug, 'slug');
      const apiVersion = args.apiVersion == null ? undefined : parseArg(apiVersionField, args.apiVersion, 'apiVersion');
      const doc = await queryReadableDoc(db, scope, slug, apiVersion);
      if (!doc) throw notFound(`There is no published doc "${slug}".`);
      return doc;
    },
  }),
}));
