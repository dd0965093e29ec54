import { defineFallbackRoute, defineHeadRoute } from '@/lib/api/define-api-route';

// Any other path under /api/v1: a 404 problem, not Next.js's HTML page, whatever the method (HEAD: without the body).
const notFound = defineFallbackRoute('not_found');
const head = defineHeadRoute(notFound);
export { notFound as GET, head as HEAD, notFound as OPTIONS, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
