import { apiRouteModule } from '@/lib/api/define-api-route';
import { listEndpointsRoute } from '@/lib/api/routes/endpoints';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(listEndpointsRoute);
