import 'server-only';
import type { AnyApiRouteSpec } from './api-route-spec';
import { ApiCall, newRequestId, type RouteContext } from './api-call';
import { problemResponse } from './problem';
import { endpointKey } from '@/lib/catalog/portal-api';

/** Marks every handler built here; a test fails for any /api/v1 route export without it. */
export const API_ROUTE = Symbol.for('partner-portal.api-route');

/** A synchronous answer where every step of the chain was (see ApiCall), a promise otherwise. */
export type ApiRouteHandler = ((request: Request, context: RouteContext) => Response | Promise<Response>) & { [API_ROUTE]: AnyApiRouteSpec | 'fallback' };

/**
 * The one middleware chain of `/api/v1` (lib/api/api-call.ts): request id → key → rate limit and quota →
 * lifecycle → validation → handler → headers → metering. It runs inside the route handler, not in
 * `proxy.ts`: see the README for why.
 */
export function defineApiRoute(spec: AnyApiRouteSpec): ApiRouteHandler {
  const endpoint = `/api/v1${spec.path}`;
  const route = {
    spec,
    endpoint,
    catalogKey: endpointKey(spec.method, spec.path),
    admitsSessions: spec.access !== 'public' && 'session' in spec.access,
    singleEndpoint: [endpoint],
  };
  const handler = (request: Request, context: RouteContext): Response | Promise<Response> => new ApiCall(route, request, context).run();
  return Object.assign(handler, { [API_ROUTE]: spec }) as ApiRouteHandler;
}

/**
 * Set by scripts/serve.mjs on a request whose method Next.js does not route (TRACE, PROPFIND, …): it
 * reaches the route's OPTIONS handler with its own method in this header, so the 405 names the route's
 * methods. scripts/server-guards.mjs removes it from any OPTIONS a client sends.
 */
export const UNSUPPORTED_METHOD_HEADER = 'x-portal-unsupported-method';

function unsupportedMethod(request: Request): string | null {
  const method = request.headers.get(UNSUPPORTED_METHOD_HEADER);
  if (method === null) return null;
  return /^[A-Z][A-Z-]{0,19}$/.test(method) ? method : 'this method';
}

/** For paths and methods that do not exist: still problem+json with a request id. */
export function defineFallbackRoute(code: 'not_found' | 'method_not_allowed', allow?: string): ApiRouteHandler {
  const handler = async (request: Request): Promise<Response> => {
    const requestId = newRequestId();
    const path = new URL(request.url).pathname;
    const method = request.method === 'OPTIONS' ? (unsupportedMethod(request) ?? 'OPTIONS') : request.method;
    return code === 'not_found'
      ? problemResponse('not_found', `There is no ${method} ${path}. See /api/v1/openapi.json for the routes.`, requestId)
      : problemResponse('method_not_allowed', `${path} does not answer ${method}.`, requestId, { headers: allow ? { allow } : {} });
  };
  return Object.assign(handler, { [API_ROUTE]: 'fallback' as const }) as ApiRouteHandler;
}

/**
 * `OPTIONS`: 204 with `Allow` (the route's methods) and a request id, no key needed (nothing is read).
 * A method Next.js cannot route arrives here as well (see UNSUPPORTED_METHOD_HEADER): a 405 problem.
 */
export function defineOptionsRoute(allow: string): ApiRouteHandler {
  const handler = async (request: Request): Promise<Response> => {
    const requestId = newRequestId();
    const unsupported = unsupportedMethod(request);
    if (unsupported !== null) {
      return problemResponse('method_not_allowed', `${new URL(request.url).pathname} does not answer ${unsupported}.`, requestId, { headers: { allow } });
    }
    return new Response(null, { status: 204, headers: { allow, 'x-request-id': requestId, 'cache-control': 'no-store' } });
  };
  return Object.assign(handler, { [API_ROUTE]: 'fallback' as const }) as ApiRouteHandler;
}

/**
 * `HEAD`: the GET handler's answer (same key check, rate limit, metering, status and headers) without
 * its body; where there is no GET, that handler is the 405 and so is HEAD. Exported by every route
 * file so that Next.js does not improvise one.
 */
export function defineHeadRoute(get: ApiRouteHandler): ApiRouteHandler {
  const handler = async (request: Request, context: RouteContext): Promise<Response> => {
    const answer = await get(request, context);
    await answer.body?.cancel();
    return new Response(null, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
  };
  return Object.assign(handler, { [API_ROUTE]: get[API_ROUTE] }) as ApiRouteHandler;
}

export type ApiRouteMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Every HTTP method Next.js routes, for one route file: the specs' own, HEAD (GET without a body),
 * OPTIONS (204 with `Allow`) and a 405 problem with `Allow` for the rest (Next.js would answer those
 * with an empty 405). Use as `export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = apiRouteModule(…)`.
 * Other methods (TRACE, …) never reach a route file: scripts/serve.mjs sends them to OPTIONS (above).
 */
export function apiRouteModule(...specs: AnyApiRouteSpec[]): Record<ApiRouteMethod, ApiRouteHandler> {
  const methods = specs.map((s) => s.method as string);
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const fallback = defineFallbackRoute('method_not_allowed', allow);
  const handlers = Object.fromEntries(specs.map((spec) => [spec.method, defineApiRoute(spec)]));
  const GET = handlers.GET ?? fallback;
  return {
    GET,
    HEAD: defineHeadRoute(GET),
    OPTIONS: defineOptionsRoute(allow),
    POST: handlers.POST ?? fallback,
    PUT: handlers.PUT ?? fallback,
    PATCH: handlers.PATCH ?? fallback,
    DELETE: handlers.DELETE ?? fallback,
  };
}
