import 'server-only';
import { db } from '@/db';
import { endpointStatuses } from '@/db/schema';
import { queryCatalog, type CatalogApi, type CatalogEndpoint } from '@/lib/catalog/list-catalog';
import { isStorableText } from '@/lib/validation/storable';
import { builder } from '../builder';
import { guarded } from '../context';

const EndpointStatus = builder.enumType('EndpointStatus', { values: endpointStatuses });

const Endpoint = builder.objectRef<CatalogEndpoint>('Endpoint').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    method: t.exposeString('method'),
    path: t.exposeString('path', { description: 'A template relative to the API’s `basePath`, e.g. `/keys/{id}`' }),
    description: t.exposeString('description'),
    requiredScope: t.exposeString('requiredScope', { nullable: true }),
    status: t.field({ type: EndpointStatus, resolve: (e) => e.status }),
    deprecatedAt: t.expose('deprecatedAt', { type: 'DateTime', nullable: true }),
    sunsetAt: t.expose('sunsetAt', { type: 'DateTime', nullable: true, description: 'When a deprecated endpoint stops working' }),
  }),
});

const Api = builder.objectRef<CatalogApi>('Api').implement({
  description: 'An API of the catalog and its endpoints.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    version: t.exposeString('version'),
    basePath: t.exposeString('basePath'),
    description: t.exposeString('description'),
    endpoints: t.field({ type: [Endpoint], complexity: { field: 1, multiplier: 20 }, resolve: (a) => a.endpoints }),
  }),
});

builder.queryFields((t) => ({
  endpoints: t.field({
    type: [Api],
    nullable: true,
    description: 'The API catalog: every API and its endpoints with their status. Needs `catalog:read`.',
    authScopes: { scope: 'catalog:read' },
    complexity: { field: 5, multiplier: 10 },
    args: { status: t.arg({ type: EndpointStatus }), search: t.arg.string() },
    resolve: (_root, args) =>
      guarded(() =>
        queryCatalog(db, {
          status: args.status ?? undefined,
          q: args.search && isStorableText(args.search) ? args.search.trim().slice(0, 200) || undefined : undefined,
        }),
      ),
  }),
}));
