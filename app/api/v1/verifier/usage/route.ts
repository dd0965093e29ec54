import { apiRouteModule } from '@/lib/api/define-api-route';
import { verifierUsageRoute } from '@/lib/api/routes/verifier';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(verifierUsageRoute);
