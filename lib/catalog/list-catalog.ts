import 'server-only';
import { and, asc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { db, type Queryable } from '@/db';
import { apis, endpoints, users, type CatalogHttpMethod, type EndpointSource, type EndpointStatus } from '@/db/schema';
import { authorize } from '@/lib/auth/policy';
import type { Tenant } from '@/lib/auth/tenant';
import { likePattern } from '@/lib/tables/table-query';
import { isStorableText } from '@/lib/validation/storable';

export interface CatalogEndpoint {
  id: string;
  method: CatalogHttpMethod;
  path: string;
  description: string;
  requiredScope: string | null;
  status: EndpointStatus;
  deprecatedAt: Date | null;
  sunsetAt: Date | null;
  source: EndpointSource;
}

export interface CatalogApi {
  id: string;
  name: string;
  slug: string;
  version: string;
  basePath: string;
  description: string;
  ownerName: string | null;
  endpoints: CatalogEndpoint[];
}

export interface CatalogFilters {
  status?: EndpointStatus;
  /** Matches an endpoint's path, method or description, or its API's name. */
  q?: string;
}

const methodOrder = { GET: 0, POST: 1, PUT: 2, PATCH: 3, DELETE: 4 } as const;

/** Every API with its endpoints (filtered); an API none of whose endpoints match is left out when filtering. */
export async function queryCatalog(db: Queryable, filters: CatalogFilters = {}): Promise<CatalogApi[]> {
  const conditions: SQL[] = [];
  if (filters.status) conditions.push(eq(endpoints.status, filters.status));
  // A search Postgres cannot store (NUL, a lone surrogate: the page passes `?q=` as typed) is no search.
  if (filters.q && isStorableText(filters.q)) {
    const pattern = likePattern(filters.q);
    conditions.push(or(ilike(endpoints.path, pattern), ilike(endpoints.method, pattern), ilike(endpoints.description, pattern), ilike(apis.name, pattern))!);
  }
  const filtering = conditions.length > 0;
  const [apiRows, endpointRows] = await Promise.all([
    db
      .select({
        id: apis.id,
        name: apis.name,
        slug: apis.slug,
        version: apis.version,
        basePath: apis.basePath,
        description: apis.description,
        ownerName: users.name,
      })
      .from(apis)
      .leftJoin(users, eq(users.id, apis.ownerId))
      .orderBy(asc(apis.name), asc(apis.version)),
    db
      .select({
        id: endpoints.id,
        apiId: endpoints.apiId,
        method: endpoints.method,
        path: endpoints.path,
        description: endpoints.description,
        requiredScope: endpoints.requiredScope,
        status: endpoints.status,
        deprecatedAt: endpoints.deprecatedAt,
        sunsetAt: endpoints.sunsetAt,
        source: endpoints.source,
      })
      .from(endpoints)
      .innerJoin(apis, eq(apis.id, endpoints.apiId))
      .where(filtering ? and(...conditions) : undefined)
      .orderBy(asc(endpoints.path)),
  ]);
  const byApi = new Map<string, CatalogEndpoint[]>();
  for (const { apiId, ...endpoint } of endpointRows) {
    const list = byApi.get(apiId) ?? [];
    list.push(endpoint);
    byApi.set(apiId, list);
  }
  for (const list of byApi.values()) list.sort((a, b) => a.path.localeCompare(b.path) || methodOrder[a.method] - methodOrder[b.method]);
  return apiRows.map((api) => ({ ...api, endpoints: byApi.get(api.id) ?? [] })).filter((api) => !filtering || api.endpoints.length > 0);
}

/** The catalog page: everyone signed in reads it (DESIGN.md §3), staff admins write it. */
export async function listCatalog(tenant: Tenant, filters: CatalogFilters = {}): Promise<CatalogApi[]> {
  const { actor } = tenant;
  authorize(actor, 'catalog.read', { partnerId: null });
  return queryCatalog(db, filters);
}
