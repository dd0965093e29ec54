import { apiRouteModule } from '@/lib/api/define-api-route';
import { verifyKeyRoute } from '@/lib/api/routes/verify-key';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(verifyKeyRoute);
