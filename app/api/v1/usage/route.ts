import { apiRouteModule } from '@/lib/api/define-api-route';
import { usageRoute } from '@/lib/api/routes/usage';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(usageRoute);
