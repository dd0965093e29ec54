import { apiRouteModule } from '@/lib/api/define-api-route';
import { usageRoute } from '@/lib/api/routes/usage';

export const { GET, POST, PUT, PATCH, DELETE } = apiRouteModule(usageRoute);
