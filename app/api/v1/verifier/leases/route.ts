import { apiRouteModule } from '@/lib/api/define-api-route';
import { verifierLeasesRoute } from '@/lib/api/routes/verifier';

// Every /api/v1 route is dynamic: declared, so that Next.js hands the handler the request itself instead of a
// proxy that tracks each read of headers and url for static rendering (a cost on every call; see bench:guard).
export const dynamic = 'force-dynamic';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(verifierLeasesRoute);
