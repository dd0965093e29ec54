import { portalOpenApiDocument } from '@/lib/api/portal-openapi-document';
import { mockAnswer, type PlaygroundDocument } from '@/lib/api/playground';
import { PLAYGROUND_REQUESTS_PER_MINUTE, takePlaygroundRequest } from '@/lib/api/playground-rate-limit';
import { apiRoutes } from '@/lib/api/routes';
import { clientIp } from '@/lib/http/client-ip';

export const dynamic = 'force-dynamic';

const problem = (status: number, title: string, detail: string, headers: Record<string, string> = {}) =>
  Response.json({ type: 'about:blank', title, status, detail }, { status, headers: { 'content-type': 'application/problem+json', ...headers } });

/**
 * `/api/playground/{path}`: the mock answer of `/api/v1/{path}` for visitors without a key (the reference's
 * try-it console signed out). No key, no database: the answer comes from the OpenAPI document alone, and
 * every answer says so (`x-playground: mock`). Rate-limited per IP.
 */
async function answer(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const limit = takePlaygroundRequest(clientIp(request.headers));
  if (!limit.ok) {
    return problem(429, 'Too many playground requests', `The playground answers ${PLAYGROUND_REQUESTS_PER_MINUTE} requests a minute per address.`, {
      'retry-after': String(limit.retryAfter),
    });
  }
  const { path } = await params;
  const document = (await portalOpenApiDocument(apiRoutes)) as unknown as PlaygroundDocument;
  const mock = mockAnswer(document, request.method, `/${path.join('/')}`);
  const headers = { 'x-playground': 'mock', 'ratelimit-remaining': String(limit.remaining), 'cache-control': 'no-store' };
  if (!mock) return problem(404, 'No such operation', `The API has no ${request.method} /api/v1/${path.join('/')}.`, headers);
  if (mock.body === null) return new Response(null, { status: mock.status, headers });
  return Response.json(mock.body, { status: mock.status, headers });
}

export { answer as GET, answer as POST, answer as PUT, answer as PATCH, answer as DELETE };
