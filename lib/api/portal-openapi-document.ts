import { endpointLifecycle, ensureEndpointLifecyclesLoaded } from '@/lib/catalog/endpoint-lifecycle';
import { endpointKey } from '@/lib/catalog/portal-api';
import { buildOpenApiDocument } from './openapi-document';

/**
 * The OpenAPI document of this portal's /api/v1 with each operation's catalog state (deprecated,
 * retired, sunset), for `/api/v1/openapi.json` and the API reference page alike.
 */
export async function portalOpenApiDocument() {
  // Imported here, not at the top: the route registry imports the openapi route, which imports this.
  const { apiRoutes } = await import('./routes/index');
  await ensureEndpointLifecyclesLoaded();
  return buildOpenApiDocument(apiRoutes, {
    lifecycleOf: (method, path) => {
      const found = endpointLifecycle(endpointKey(method, path));
      return found instanceof Promise ? undefined : found;
    },
  });
}
