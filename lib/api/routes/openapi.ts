import { publicRoute } from '../api-route-spec';
import { portalOpenApiDocument } from '../portal-openapi-document';

export const openApiRoute = publicRoute({
  method: 'GET',
  path: '/openapi.json',
  tag: 'Meta',
  summary: 'The OpenAPI 3.1 document of this API',
  access: 'public',
  response: { status: 200, description: 'The OpenAPI 3.1 document of /api/v1' },
  async handler() {
    // Built per request (a few ms) so that a deprecation shows at once; clients may cache it briefly.
    return Response.json(await portalOpenApiDocument(), { headers: { 'cache-control': 'public, max-age=60' } });
  },
});
