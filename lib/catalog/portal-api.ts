/** The catalog row that describes this portal's own `/api/v1` (kept in sync from its OpenAPI document). */
export const PORTAL_API = {
  slug: 'partner-portal',
  version: 'v1',
  name: 'Partner Portal API',
  basePath: '/api/v1',
} as const;

/** How an endpoint is looked up: `GET /keys/{id}` (the path as in the OpenAPI document). */
export function endpointKey(method: string, path: string): string {
  return `${method} ${path}`;
}
