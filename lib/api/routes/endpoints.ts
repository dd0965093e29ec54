import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { db } from '@/db';
import { apiScopes, endpointStatuses, httpMethods } from '@/db/schema';
import { queryCatalog } from '@/lib/catalog/list-catalog';
import { guardedRoute } from '../api-route-spec';

const catalogResponse = z.object({
  apis: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      slug: z.string(),
      version: z.string(),
      basePath: z.string(),
      description: z.string(),
      endpoints: z.array(
        z.object({
          id: z.string(),
          method: z.enum(httpMethods),
          path: z.string().describe('A template relative to `basePath`, e.g. `/keys/{id}`'),
          description: z.string(),
          requiredScope: z.enum(apiScopes).nullable(),
          status: z.enum(endpointStatuses),
          deprecatedAt: z.string().nullable(),
          sunsetAt: z.string().nullable().describe('When a deprecated endpoint stops working'),
        }),
      ),
    }),
  ),
});

export const listEndpointsRoute = guardedRoute({
  method: 'GET',
  path: '/endpoints',
  tag: 'Catalog',
  summary: 'List the API catalog',
  description: 'Every API and its endpoints, with each endpoint’s status (active, deprecated, retired) and sunset date.',
  access: { scope: 'catalog:read' },
  query: z.object({
    status: z.enum(endpointStatuses).optional().describe('Only endpoints with this status'),
    q: storableText().trim().min(1).max(200).optional().describe('Matches a path, method, description or API name'),
  }),
  response: { status: 200, description: 'The catalog', schema: catalogResponse },
  async handler({ query }): Promise<z.infer<typeof catalogResponse>> {
    const catalog = await queryCatalog(db, { status: query.status, q: query.q });
    return {
      apis: catalog.map((api) => ({
        id: api.id,
        name: api.name,
        slug: api.slug,
        version: api.version,
        basePath: api.basePath,
        description: api.description,
        endpoints: api.endpoints.map((e) => ({
          id: e.id,
          method: e.method,
          path: e.path,
          description: e.description,
          requiredScope: (apiScopes as readonly string[]).includes(e.requiredScope ?? '') ? (e.requiredScope as (typeof apiScopes)[number]) : null,
          status: e.status,
          deprecatedAt: e.deprecatedAt?.toISOString() ?? null,
          sunsetAt: e.sunsetAt?.toISOString() ?? null,
        })),
      })),
    };
  },
});
