import { apiRouteModule } from '@/lib/api/define-api-route';
import { verifierSnapshotRoute } from '@/lib/api/routes/verifier';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(verifierSnapshotRoute);
