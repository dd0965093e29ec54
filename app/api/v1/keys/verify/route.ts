import { apiRouteModule } from '@/lib/api/define-api-route';
import { verifyKeyRoute } from '@/lib/api/routes/verify-key';

export const { GET, POST, PUT, PATCH, DELETE } = apiRouteModule(verifyKeyRoute);
