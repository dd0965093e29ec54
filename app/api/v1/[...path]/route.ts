import { defineFallbackRoute, defineHeadRoute } from '@/lib/api/define-api-route';

// Every /api/v1 route is dynamic: declared, so that Next.js hands the handler the request itself instead of a
// proxy that tracks each read of headers and url for static rendering (a cost on every call; see bench:guard).
export const dynamic = 'force-dynamic';

// Any other path under /api/v1: a 404 problem, not Next.js's HTML page, whatever the method (HEAD: without the body).
const notFound = defineFallbackRoute('not_found');
const head = defineHeadRoute(notFound);
export { notFound as GET, head as HEAD, notFound as OPTIONS, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
