import { apiRouteModule } from '@/lib/api/define-api-route';
import { meRoute } from '@/lib/api/routes/me';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(meRoute);
