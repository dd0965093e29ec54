import 'server-only';
import { notFound } from 'next/navigation';
import type { Tenant } from '@/lib/auth/tenant';
import { listCatalog, type CatalogApi, type CatalogEndpoint } from '@/lib/catalog/list-catalog';
import { PORTAL_API } from '@/lib/catalog/portal-api';

// lib/catalog offers the whole catalog only; it is small (tens of APIs), so one API or endpoint is
// picked from it rather than adding lookups there.

export async function findApiOrNotFound(tenant: Tenant, apiId: string): Promise<CatalogApi> {
  const api = (await listCatalog(tenant)).find((a) => a.id === apiId);
  return api ?? notFound();
}

export async function findEndpointOrNotFound(tenant: Tenant, endpointId: string): Promise<{ api: CatalogApi; endpoint: CatalogEndpoint }> {
  for (const api of await listCatalog(tenant)) {
    const endpoint = api.endpoints.find((e) => e.id === endpointId);
    if (endpoint) return { api, endpoint };
  }
  notFound();
}

/** The portal's own API: synced from its OpenAPI document and found by slug and version. */
export function isPortalApi(api: Pick<CatalogApi, 'slug' | 'version'>): boolean {
  return api.slug === PORTAL_API.slug && api.version === PORTAL_API.version;
}
