import { defineFallbackRoute } from '@/lib/api/define-api-route';

// Any other path under /api/v1: a 404 problem, not Next.js's HTML page.
const notFound = defineFallbackRoute('not_found');
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
