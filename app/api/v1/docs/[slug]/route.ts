import { apiRouteModule } from '@/lib/api/define-api-route';
import { getDocRoute } from '@/lib/api/routes/docs';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(getDocRoute);
