import { apiRouteModule } from '@/lib/api/define-api-route';
import { openApiRoute } from '@/lib/api/routes';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(openApiRoute);
