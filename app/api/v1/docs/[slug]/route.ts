import { apiRouteModule } from '@/lib/api/define-api-route';
import { getDocRoute } from '@/lib/api/routes/docs';

export const { GET, POST, PUT, PATCH, DELETE } = apiRouteModule(getDocRoute);
