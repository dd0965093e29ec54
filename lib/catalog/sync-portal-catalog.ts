import 'server-only';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { apis, endpoints, httpMethods, type CatalogHttpMethod } from '@/db/schema';
import type { AnyApiRouteSpec } from '@/lib/api/api-route-spec';
import { newId } from '@/lib/ids';
import { endpointKey, PORTAL_API } from './portal-api';

export interface CatalogSyncResult {
  apiId: string;
  added: number;
  updated: number;
  retired: number;
}

/**
 * Registers this portal's own /api/v1 routes in the catalog from the same specs the OpenAPI document
 * is built from, at start-up: new routes appear, summaries and scopes follow the code, and a route
 * the code no longer has is marked retired. Staff's choices (deprecation, sunset dates) are kept.
 */
export async function syncPortalCatalog(db: Queryable, routes?: AnyApiRouteSpec[]): Promise<CatalogSyncResult> {
  const specs = routes ?? (await import('@/lib/api/routes/index')).apiRoutes;
  const [api] = await db
    .insert(apis)
    .values({
      id: newId('api'),
      name: PORTAL_API.name,
      slug: PORTAL_API.slug,
      version: PORTAL_API.version,
      basePath: PORTAL_API.basePath,
      description: 'The public API partners call with their keys: identity, catalog, docs, usage, secrets and key management.',
    })
    .onConflictDoUpdate({ target: [apis.slug, apis.version], set: { basePath: PORTAL_API.basePath } })
    .returning({ id: apis.id });
  const apiId = api!.id;

  const existing = new Map(
    (await db.select({ method: endpoints.method, path: endpoints.path }).from(endpoints).where(eq(endpoints.apiId, apiId))).map((e) => [
      endpointKey(e.method, e.path),
      e,
    ]),
  );
  const rows = specs
    .filter((spec): spec is AnyApiRouteSpec & { method: CatalogHttpMethod } => (httpMethods as readonly string[]).includes(spec.method))
    .map((spec) => ({
      id: newId('ept'),
      apiId,
      method: spec.method,
      path: spec.path,
      description: spec.description ? `${spec.summary}. ${spec.description}` : spec.summary,
      requiredScope: spec.access === 'public' ? null : spec.access.scope,
      source: 'openapi' as const,
    }));
  if (rows.length > 0) {
    await db
      .insert(endpoints)
      .values(rows)
      .onConflictDoUpdate({
        target: [endpoints.apiId, endpoints.method, endpoints.path],
        set: { description: sql`excluded.description`, requiredScope: sql`excluded.required_scope`, source: 'openapi' },
      });
  }
  const keep = rows.map((r) => `${r.method} ${r.path}`);
  const retired = await db
    .update(endpoints)
    .set({ status: 'retired' })
    .where(
      and(
        eq(endpoints.apiId, apiId),
        eq(endpoints.source, 'openapi'),
        sql`${endpoints.status} <> 'retired'`,
        keep.length ? notInArray(sql`${endpoints.method} || ' ' || ${endpoints.path}`, keep) : undefined,
      ),
    )
    .returning({ id: endpoints.id });
  const added = rows.filter((r) => !existing.has(endpointKey(r.method, r.path))).length;
  return { apiId, added, updated: rows.length - added, retired: retired.length };
}
