import { apiRouteModule } from '@/lib/api/define-api-route';
import { graphqlGetRoute, graphqlPostRoute } from '@/lib/api/routes/graphql';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(graphqlGetRoute, graphqlPostRoute);
