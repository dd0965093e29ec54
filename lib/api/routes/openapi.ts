import { publicRoute } from '../api-route-spec';
import { buildOpenApiDocument } from '../openapi-document';

let cached: unknown;

export const openApiRoute = publicRoute({
  method: 'GET',
  path: '/openapi.json',
  tag: 'Meta',
  summary: 'This document',
  access: 'public',
  response: { status: 200, description: 'The OpenAPI 3.1 document of /api/v1' },
  async handler() {
    // Imported here, not at the top: the registry imports this module.
    const { apiRoutes } = await import('./index');
    cached ??= buildOpenApiDocument(apiRoutes);
    return Response.json(cached, { headers: { 'cache-control': 'public, max-age=300' } });
  },
});
