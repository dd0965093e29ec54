import { apiRouteModule } from '@/lib/api/define-api-route';
import { listDocsRoute } from '@/lib/api/routes/docs';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(listDocsRoute);
