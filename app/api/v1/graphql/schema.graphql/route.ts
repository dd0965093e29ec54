import { apiRouteModule } from '@/lib/api/define-api-route';
import { graphqlSchemaRoute } from '@/lib/api/routes/graphql';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(graphqlSchemaRoute);
