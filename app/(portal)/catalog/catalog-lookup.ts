import 'server-only';
import { notFound } from 'next/navigation';
import { db } from '@/db';
import type { UserActor } from '@/lib/auth/actor';
import { listCatalog, type CatalogApi, type CatalogEndpoint } from '@/lib/catalog/list-catalog';
import { PORTAL_API } from '@/lib/catalog/portal-api';

// lib/catalog offers the whole catalog only; it is small (tens of APIs), so one API or endpoint is
// picked from it rather than adding lookups there.

export async function findApiOrNotFound(actor: UserActor, apiId: string): Promise<CatalogApi> {
  const api = (await listCatalog(db, actor)).find((a) => a.id === apiId);
  return api ?? notFound();
}

export async function findEndpointOrNotFound(actor: UserActor, endpointId: string): Promise<{ api: CatalogApi; endpoint: CatalogEndpoint }> {
  for (const api of await listCatalog(db, actor)) {
    const endpoint = api.endpoints.find((e) => e.id === endpointId);
    if (endpoint) return { api, endpoint };
  }
  notFound();
}

/** The portal's own API: synced from its OpenAPI document and found by slug and version. */
export function isPortalApi(api: Pick<CatalogApi, 'slug' | 'version'>): boolean {
  return api.slug === PORTAL_API.slug && api.version === PORTAL_API.version;
}
