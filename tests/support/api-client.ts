import type { ApiRouteHandler } from '@/lib/api/define-api-route';

// A route file: its method handlers, and its segment config (`dynamic`).
type RouteModule = Partial<Record<'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', ApiRouteHandler>> & { dynamic?: string };

// The /api/v1 routes as Next.js matches them: static segments before dynamic ones, the catch-all last.
const table: { pattern: RegExp; load: () => Promise<RouteModule> }[] = [
  { pattern: /^\/api\/v1\/me$/, load: () => import('@/app/api/v1/me/route') },
  { pattern: /^\/api\/v1\/openapi\.json$/, load: () => import('@/app/api/v1/openapi.json/route') },
  { pattern: /^\/api\/v1\/usage$/, load: () => import('@/app/api/v1/usage/route') },
  { pattern: /^\/api\/v1\/secrets$/, load: () => import('@/app/api/v1/secrets/route') },
  { pattern: /^\/api\/v1\/endpoints$/, load: () => import('@/app/api/v1/endpoints/route') },
  { pattern: /^\/api\/v1\/docs$/, load: () => import('@/app/api/v1/docs/route') },
  { pattern: /^\/api\/v1\/docs\/(?<slug>[^/]+)$/, load: () => import('@/app/api/v1/docs/[slug]/route') },
  { pattern: /^\/api\/v1\/graphql$/, load: () => import('@/app/api/v1/graphql/route') },
  { pattern: /^\/api\/v1\/graphql\/schema\.graphql$/, load: () => import('@/app/api/v1/graphql/schema.graphql/route') },
  { pattern: /^\/api\/v1\/keys$/, load: () => import('@/app/api/v1/keys/route') },
  { pattern: /^\/api\/v1\/keys\/verify$/, load: () => import('@/app/api/v1/keys/verify/route') },
  { pattern: /^\/api\/v1\/verifier\/snapshot$/, load: () => import('@/app/api/v1/verifier/snapshot/route') },
  { pattern: /^\/api\/v1\/verifier\/changes$/, load: () => import('@/app/api/v1/verifier/changes/route') },
  { pattern: /^\/api\/v1\/verifier\/usage$/, load: () => import('@/app/api/v1/verifier/usage/route') },
  { pattern: /^\/api\/v1\/verifier\/leases$/, load: () => import('@/app/api/v1/verifier/leases/route') },
  { pattern: /^\/api\/v1\/keys\/(?<id>[^/]+)\/rotate$/, load: () => import('@/app/api/v1/keys/[id]/rotate/route') },
  { pattern: /^\/api\/v1\/keys\/(?<id>[^/]+)$/, load: () => import('@/app/api/v1/keys/[id]/route') },
  { pattern: /^\/api\/v1\/.+$/, load: () => import('@/app/api/v1/[...path]/route') },
];

export interface CallOptions {
  key?: string;
  /** `bearer` (default) or `x-api-key`. */
  via?: 'bearer' | 'x-api-key';
  body?: unknown;
  rawBody?: string;
  ip?: string;
  headers?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  contentType: string | null;
}

/** Calls a /api/v1 route handler in-process, the way Next.js would (same Request, same params). */
export async function callApi(method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer> {
  const url = new URL(path, 'http://portal.test');
  const route = table.find((r) => r.pattern.test(url.pathname));
  if (!route) throw new Error(`no route for ${path}`);
  const params = { ...(route.pattern.exec(url.pathname)?.groups ?? {}) } as Record<string, string | string[]>;
  if (route.pattern.source.endsWith('.+$/') || route.pattern.source.endsWith('.+$')) params.path = url.pathname.split('/').slice(3);
  const headers = new Headers(options.headers);
  if (options.key)
    headers.set(options.via === 'x-api-key' ? 'x-api-key' : 'authorization', options.via === 'x-api-key' ? options.key : `Bearer ${options.key}`);
  headers.set('x-forwarded-for', options.ip ?? '198.51.100.10');
  headers.set('user-agent', 'vitest-api-client');
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set('content-type', 'application/json');
  }
  const handler = (await route.load())[method as keyof RouteModule] as ApiRouteHandler | undefined;
  if (!handler) throw new Error(`${path} exports no ${method}`);
  const response = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    contentType: response.headers.get('content-type'),
  };
}
