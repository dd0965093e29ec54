import { apiRouteModule } from '@/lib/api/define-api-route';
import { pullSecretsRoute } from '@/lib/api/routes/secrets';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(pullSecretsRoute);
