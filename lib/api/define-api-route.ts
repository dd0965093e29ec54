import 'server-only';
import { inspect } from 'node:util';
import type { z } from 'zod';
import { randomBase62 } from '@/lib/ids';
import { AppError } from '@/lib/errors';
import { clientIp } from '@/lib/http/client-ip';
import { noteKeyUsed } from '@/lib/keys/last-used';
import type { KeyRecord } from '@/lib/keys/key-record';
import { readApiKey } from '@/lib/keys/key-format';
import type { UserActor } from '@/lib/auth/actor';
import { portalAccessMessages, portalAccessProblem } from '@/lib/auth/portal-access';
import type { AnyApiRouteSpec } from './api-route-spec';
import { admitSessionCalls, authenticateRequest, rateLimitHeaders } from './authenticate-key';
import { ApiProblem, problemResponse, type ProblemCode } from './problem';
import type { RateLimitDecision } from './rate-limit';
import { recordRequest } from '@/lib/usage/metering-buffer';
import { redactApiKeys } from '@/lib/usage/redact-keys';
import { deprecationHeaders, endpointLifecycle, type EndpointLifecycle } from '@/lib/catalog/endpoint-lifecycle';
import { endpointKey } from '@/lib/catalog/portal-api';

/** Marks every handler built here; a test fails for any /api/v1 route export without it. */
export const API_ROUTE = Symbol.for('partner-portal.api-route');

export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type ApiRouteHandler = ((request: Request, context: RouteContext) => Promise<Response>) & { [API_ROUTE]: AnyApiRouteSpec | 'fallback' };

export function newRequestId(): string {
  return randomBase62(20, 'req_');
}

function issuesToErrors(error: z.ZodError, where: string): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = [where, ...issue.path].join('.');
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, where: 'path' | 'query' | 'body'): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ApiProblem(
      'invalid_request',
      `The request ${where === 'body' ? 'body' : `${where} parameters`} are not valid.`,
      issuesToErrors(parsed.error, where),
    );
  return parsed.data;
}

async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiProblem('invalid_request', 'The request body is not valid JSON.');
  }
}

const appErrorCodes: Record<number, ProblemCode> = { 400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 422: 'unprocessable' };

function problemCodeOf(error: unknown): ProblemCode {
  if (error instanceof ApiProblem) return error.code;
  if (error instanceof AppError) return appErrorCodes[error.status] ?? 'invalid_request';
  return 'internal';
}

function errorToResponse(error: unknown, requestId: string): Response {
  if (error instanceof ApiProblem) return problemResponse(error.code, error.message, requestId, { errors: error.errors, headers: error.headers });
  if (error instanceof AppError) return problemResponse(problemCodeOf(error), error.message, requestId, { errors: error.fieldErrors });
  // Inspected to text first, so that a key a caller put in the URL (in an error's message or a query's params) is cut out.
  console.error(`[api] ${requestId} failed`, redactApiKeys(inspect(error, { depth: 4 })));
  return problemResponse('internal', 'Something went wrong on our side. Quote the request id when you contact support.', requestId);
}

/**
 * How long an asynchronous handler may take before the caller gets a 503 problem instead of waiting on.
 * A database connection that the driver lost without noticing (postgres.js can strand a query while the
 * server restarts) would otherwise hold the request until the client gives up, unanswered and unmetered.
 * Synchronous handlers (a cached `/me`) pay nothing for it.
 */
const handlerDeadlineMs = () => Number(process.env.API_HANDLER_DEADLINE_MS ?? 30_000);

function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ApiProblem('unavailable', 'The request could not be finished in time. Retry in a few seconds.', undefined, { 'retry-after': '5' })),
      handlerDeadlineMs(),
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The signed-in user of a request without a key, on a route that admits sessions. Loaded on demand: the
 * session module brings Auth.js, which the key-only routes (the hot path) never need.
 */
async function sessionUser(): Promise<UserActor> {
  const { getActor } = await import('@/lib/auth/session');
  const user = await getActor();
  if (!user)
    throw new ApiProblem('unauthorized', 'No API key. Send it as `Authorization: Bearer <key>` or in the `x-api-key` header, or sign in to the portal.');
  const problem = portalAccessProblem(user);
  if (problem) throw new ApiProblem('forbidden', portalAccessMessages[problem]);
  return user;
}

/** The path without the query, without parsing the whole URL. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}

/**
 * The one middleware chain of `/api/v1`: request id → key (format, checksum, hash, cache, state,
 * organization, IP, scope) → rate limit → params, query and body validation → handler → headers.
 * It runs inside the route handler, not in `proxy.ts`: see the README for why.
 */
export function defineApiRoute(spec: AnyApiRouteSpec): ApiRouteHandler {
  const endpoint = `/api/v1${spec.path}`;
  const catalogKey = endpointKey(spec.method, spec.path);
  const admitsSessions = spec.access !== 'public' && 'session' in spec.access;
  // The one endpoint a request of most routes is metered as (kept, not made per request).
  const singleEndpoint = [endpoint];
  const handler = async (request: Request, context: RouteContext): Promise<Response> => {
    const started = performance.now();
    // One clock reading per request, for the guard (expiry, rate-limit window, quota month, lifecycle refresh) and the record:
    // in a Next.js server `Date.now()` is instrumented. `request` is a proxy too: its headers are read once.
    const now = Date.now();
    const requestId = newRequestId();
    const headers = request.headers;
    const ip = clientIp(headers);
    let key: KeyRecord | null = null;
    let user: UserActor | null = null;
    const meter: { endpoints: string[] | null; rateLimit: RateLimitDecision | null } = { endpoints: null, rateLimit: null };
    let rateLimit: RateLimitDecision | null = null;
    let refusedKey: KeyRecord | undefined;
    let errorCode: ProblemCode | null = null;
    let lifecycle: EndpointLifecycle | undefined;
    let response: Response;
    try {
      if (admitsSessions && readApiKey(headers) === null) {
        user = await sessionUser();
        rateLimit = await admitSessionCalls(user.userId, 1);
      } else if (spec.access !== 'public') {
        const authenticated = authenticateRequest(headers, ip, spec.access.scope, now);
        ({ key, rateLimit } = authenticated instanceof Promise ? await authenticated : authenticated);
      }
      const found = endpointLifecycle(catalogKey, now);
      lifecycle = found instanceof Promise ? await found : found;
      // After the key check: a partner still calling a retired endpoint sees those calls in their usage.
      if (lifecycle?.status === 'retired') {
        const sunset = lifecycle.sunsetAt === null ? '' : ` on ${new Date(lifecycle.sunsetAt).toISOString().slice(0, 10)}`;
        throw new ApiProblem('gone', `${spec.method} ${endpoint} was retired${sunset}. The changelog says what replaces it.`);
      }
      const params = spec.params ? parseOrThrow(spec.params as z.ZodType, await context.params, 'path') : undefined;
      const query = spec.query ? parseOrThrow(spec.query as z.ZodType, Object.fromEntries(new URL(request.url).searchParams), 'query') : undefined;
      const body = spec.body ? parseOrThrow(spec.body as z.ZodType, await readJsonBody(request), 'body') : undefined;
      const ctx = { request, requestId, ip, key, user, rateLimit, params, query, body, meter };
      let result = (spec.handler as (c: typeof ctx) => unknown)(ctx);
      if (result instanceof Promise) result = await withDeadline(result);
      if (meter.rateLimit) rateLimit = meter.rateLimit;
      if (result instanceof Response) {
        response = result;
        response.headers.set('x-request-id', requestId);
        if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
        if (rateLimit) for (const [name, value] of Object.entries(rateLimitHeaders(rateLimit))) response.headers.set(name, value);
      } else {
        // Built with all its headers at once: cheaper than setting them one by one afterwards.
        const init: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId, 'cache-control': 'no-store' };
        if (rateLimit) {
          init['ratelimit-limit'] = String(rateLimit.limit);
          init['ratelimit-remaining'] = String(rateLimit.remaining);
          init['ratelimit-reset'] = String(rateLimit.resetSeconds);
        }
        response = new Response(JSON.stringify(result), { status: spec.response.status, headers: init });
      }
    } catch (error) {
      if (meter.rateLimit) rateLimit = meter.rateLimit;
      response = errorToResponse(error, requestId);
      errorCode = problemCodeOf(error);
      if (error instanceof ApiProblem) refusedKey = error.key;
      if (rateLimit) for (const [name, value] of Object.entries(rateLimitHeaders(rateLimit))) response.headers.set(name, value);
    }
    if (lifecycle?.status === 'deprecated') for (const [name, value] of Object.entries(deprecationHeaders(lifecycle))) response.headers.set(name, value);
    const metered = key ?? refusedKey;
    if (metered) {
      const elapsed = performance.now() - started;
      // The request's clock reading plus the time it took: no second (instrumented) Date.now().
      const at = now + Math.round(elapsed);
      if (key) noteKeyUsed(key.id, at);
      const latencyMs = Math.round(elapsed * 100) / 100;
      // One row per operation when the handler said the request was several (a GraphQL batch): each
      // counted against the rate limit and the quota, each shown in the usage by its own name.
      const endpoints = meter.endpoints && meter.endpoints.length > 0 && errorCode === null ? meter.endpoints : singleEndpoint;
      for (let i = 0; i < endpoints.length; i++) {
        // Into the in-memory buffer: the response does not wait for the database.
        recordRequest({
          requestId: endpoints.length === 1 ? requestId : `${requestId}-${i + 1}`,
          partnerId: metered.partnerId,
          apiKeyId: metered.id,
          method: request.method,
          path: pathOf(request.url),
          endpoint: endpoints[i]!,
          statusCode: response.status,
          latencyMs,
          ip,
          userAgent: headers.get('user-agent'),
          errorCode,
          billable: key !== null,
          occurredAt: at,
        });
      }
    }
    return response;
  };
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
