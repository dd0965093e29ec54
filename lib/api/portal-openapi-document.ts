import { endpointLifecycle, ensureEndpointLifecyclesLoaded } from '@/lib/catalog/endpoint-lifecycle';
import { endpointKey } from '@/lib/catalog/portal-api';
import type { AnyApiRouteSpec } from './api-route-spec';
import { buildOpenApiDocument } from './openapi-document';

/**
 * The OpenAPI document of this portal's /api/v1 with each operation's catalog state (deprecated,
 * retired, sunset), for `/api/v1/openapi.json` and the API reference page alike. `routes` is the
 * registry (`apiRoutes` of lib/api/routes), passed in: the registry holds the route serving this document.
 */
export async function portalOpenApiDocument(routes: AnyApiRouteSpec[]) {
  await ensureEndpointLifecyclesLoaded();
  return buildOpenApiDocument(routes, {
    lifecycleOf: (method, path) => {
      const found = endpointLifecycle(endpointKey(method, path));
      return found instanceof Promise ? undefined : found;
    },
  });
}
