import { apiRouteModule } from '@/lib/api/define-api-route';
import { revokeKeyRoute } from '@/lib/api/routes/keys';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(revokeKeyRoute);
