import { apiRouteModule } from '@/lib/api/define-api-route';
import { createKeyRoute, listKeysRoute } from '@/lib/api/routes/keys';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(listKeysRoute, createKeyRoute);
