import type { AnyApiRouteSpec } from '../api-route-spec';
import { getDocRoute, listDocsRoute } from './docs';
import { listEndpointsRoute } from './endpoints';
import { createKeyRoute, listKeysRoute, revokeKeyRoute, rotateKeyRoute } from './keys';
import { meRoute } from './me';
import { pullSecretsRoute } from './secrets';
import { openApiRoute } from './openapi';
import { usageRoute } from './usage';
import { verifyKeyRoute } from './verify-key';

/** Every /api/v1 route, for the OpenAPI document (a test checks it matches the route files). */
export const apiRoutes: AnyApiRouteSpec[] = [
  meRoute,
  listKeysRoute,
  createKeyRoute,
  rotateKeyRoute,
  revokeKeyRoute,
  verifyKeyRoute,
  usageRoute,
  listEndpointsRoute,
  listDocsRoute,
  getDocRoute,
  pullSecretsRoute,
  openApiRoute,
];
