import { publicRoute, type AnyApiRouteSpec } from '../api-route-spec';
import { portalOpenApiDocument } from '../portal-openapi-document';

/**
 * The route serving the document of `routes()`: the registry (lib/api/routes/index.ts), which lists this
 * route too, so it hands its list in rather than this module importing it (no import cycle).
 */
export function openApiRouteFor(routes: () => AnyApiRouteSpec[]): AnyApiRouteSpec {
  return publicRoute({
    method: 'GET',
    path: '/openapi.json',
    tag: 'Meta',
    summary: 'The OpenAPI 3.1 document of this API',
    access: 'public',
    response: { status: 200, description: 'The OpenAPI 3.1 document of /api/v1' },
    async handler() {
      // Built per request (a few ms) so that a deprecation shows at once; clients may cache it briefly.
      return Response.json(await portalOpenApiDocument(routes()), { headers: { 'cache-control': 'public, max-age=60' } });
    },
  });
}
