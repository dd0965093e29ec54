import { apiRouteModule } from '@/lib/api/define-api-route';
import { verifierChangesRoute } from '@/lib/api/routes/verifier';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(verifierChangesRoute);
