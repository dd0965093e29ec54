import type { AnyApiRouteSpec } from '../api-route-spec';
import { getDocRoute, listDocsRoute } from './docs';
import { listEndpointsRoute } from './endpoints';
import { graphqlGetRoute, graphqlPostRoute, graphqlSchemaRoute } from './graphql';
import { createKeyRoute, listKeysRoute, revokeKeyRoute, rotateKeyRoute } from './keys';
import { meRoute } from './me';
import { pullSecretsRoute } from './secrets';
import { openApiRouteFor } from './openapi';
import { usageRoute } from './usage';
import { verifyKeyRoute } from './verify-key';
import { verifierChangesRoute, verifierLeasesRoute, verifierSnapshotRoute, verifierUsageRoute } from './verifier';

/** `/api/v1/openapi.json`: the document of the list below, which it is part of. */
export const openApiRoute = openApiRouteFor(() => apiRoutes);

/** Every /api/v1 route, for the OpenAPI document (a test checks it matches the route files). */
export const apiRoutes: AnyApiRouteSpec[] = [
  meRoute,
  listKeysRoute,
  createKeyRoute,
  rotateKeyRoute,
  revokeKeyRoute,
  verifyKeyRoute,
  verifierSnapshotRoute,
  verifierChangesRoute,
  verifierUsageRoute,
  verifierLeasesRoute,
  usageRoute,
  listEndpointsRoute,
  listDocsRoute,
  getDocRoute,
  pullSecretsRoute,
  graphqlPostRoute,
  graphqlGetRoute,
  graphqlSchemaRoute,
  openApiRoute,
];
