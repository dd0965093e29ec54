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
import { admitSessionCalls, authenticateRequest, rateLimitHeaders, type Authenticated } from './authenticate-key';
import { ApiProblem, problemResponse, type ProblemCode } from './problem';
import type { RateLimitDecision } from './rate-limit';
import { recordGuardedRequest } from '@/lib/usage/metering-buffer';
import { redactApiKeys } from '@/lib/usage/redact-keys';
import { deprecationHeaders, endpointLifecycle, type EndpointLifecycle } from '@/lib/catalog/endpoint-lifecycle';

export function newRequestId(): string {
  return randomBase62(20, 'req_');
}

/** What one route's requests share, made once by `defineApiRoute`. */
export interface RouteShape {
  spec: AnyApiRouteSpec;
  /** `/api/v1` + the spec's path: the endpoint a request is metered as. */
  endpoint: string;
  catalogKey: string;
  admitsSessions: boolean;
  /** `[endpoint]`, kept rather than made per request. */
  singleEndpoint: string[];
}

export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

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

async function admitSession(): Promise<{ user: UserActor; rateLimit: RateLimitDecision | null }> {
  const user = await sessionUser();
  return { user, rateLimit: await admitSessionCalls(user.userId, 1) };
}

/** The decision's `ratelimit-*` headers on a response made elsewhere (a handler's own Response, a problem). */
function setRateLimitHeaders(headers: Headers, decision: RateLimitDecision): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(decision))) headers.set(name, value);
}

/** The path without the query, without parsing the whole URL. */
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}

/**
 * One request through the `/api/v1` chain: request id → key (format, hash, cache, state, organization,
 * IP, scope) → rate limit and quota → lifecycle → params, query and body validation → handler → headers
 * → metering. Each step may answer at once or later; the call stays synchronous for as long as every
 * step does, so that a cached key on a synchronous route (`/me`) costs no promise at all (each one costs
 * measurable throughput: Next.js runs with promise hooks on). The first step that waits makes the rest a
 * promise chain, with the same steps in the same order.
 */
export class ApiCall {
  private readonly started = performance.now();
  // One clock reading per request, for the guard (expiry, rate-limit window, quota month, lifecycle refresh) and the record:
  // in a Next.js server `Date.now()` is instrumented.
  private readonly now = Date.now();
  private readonly requestId = newRequestId();
  // `request` is a proxy in Next.js: its headers are read once.
  private readonly headers: Headers;
  private readonly ip: string;
  private key: KeyRecord | null = null;
  private user: UserActor | null = null;
  private rateLimit: RateLimitDecision | null = null;
  private readonly meter: { endpoints: string[] | null; rateLimit: RateLimitDecision | null } = { endpoints: null, rateLimit: null };
  private refusedKey: KeyRecord | undefined;
  private errorCode: ProblemCode | null = null;
  private lifecycle: EndpointLifecycle | undefined;

  constructor(
    private readonly route: RouteShape,
    private readonly request: Request,
    private readonly context: RouteContext,
  ) {
    this.headers = request.headers;
    this.ip = clientIp(this.headers);
  }

  run(): Response | Promise<Response> {
    let answer: Response | Promise<Response>;
    try {
      answer = this.admit();
    } catch (error) {
      answer = this.fail(error);
    }
    return answer instanceof Promise
      ? answer.then(undefined, (error: unknown) => this.fail(error)).then((response) => this.finish(response))
      : this.finish(answer);
  }

  private admit(): Response | Promise<Response> {
    const { spec, admitsSessions } = this.route;
    if (admitsSessions && readApiKey(this.headers) === null) {
      return admitSession().then(({ user, rateLimit }) => {
        this.user = user;
        this.rateLimit = rateLimit;
        return this.checkLifecycle();
      });
    }
    if (spec.access === 'public') return this.checkLifecycle();
    const authenticated = authenticateRequest(this.headers, this.ip, spec.access.scope, this.now);
    // Checked here rather than through a helper: the synchronous path makes no closure.
    return authenticated instanceof Promise ? authenticated.then((a) => this.admitted(a)) : this.admitted(authenticated);
  }

  private admitted(authenticated: Authenticated): Response | Promise<Response> {
    this.key = authenticated.key;
    this.rateLimit = authenticated.rateLimit;
    return this.checkLifecycle();
  }

  private checkLifecycle(): Response | Promise<Response> {
    const lifecycle = endpointLifecycle(this.route.catalogKey, this.now);
    return lifecycle instanceof Promise ? lifecycle.then((l) => this.serve(l)) : this.serve(lifecycle);
  }

  private serve(lifecycle: EndpointLifecycle | undefined): Response | Promise<Response> {
    this.lifecycle = lifecycle;
    // After the key check: a partner still calling a retired endpoint sees those calls in their usage.
    if (lifecycle?.status === 'retired') {
      const sunset = lifecycle.sunsetAt === null ? '' : ` on ${new Date(lifecycle.sunsetAt).toISOString().slice(0, 10)}`;
      throw new ApiProblem('gone', `${this.route.spec.method} ${this.route.endpoint} was retired${sunset}. The changelog says what replaces it.`);
    }
    const { spec } = this.route;
    return spec.params || spec.body ? this.handleWithInput() : this.handle(undefined, undefined);
  }

  private async handleWithInput(): Promise<Response> {
    const { spec } = this.route;
    const params = spec.params ? parseOrThrow(spec.params as z.ZodType, await this.context.params, 'path') : undefined;
    const query = this.query();
    const body = spec.body ? parseOrThrow(spec.body as z.ZodType, await readJsonBody(this.request), 'body') : undefined;
    return this.handle(params, body, query);
  }

  private query(): unknown {
    const { spec } = this.route;
    return spec.query ? parseOrThrow(spec.query as z.ZodType, Object.fromEntries(new URL(this.request.url).searchParams), 'query') : undefined;
  }

  private handle(params: unknown, body: unknown, query = this.query()): Response | Promise<Response> {
    const { request, requestId, ip, key, user, rateLimit, meter } = this;
    const ctx = { request, requestId, ip, key, user, rateLimit, params, query, body, meter };
    const result = (this.route.spec.handler as (c: typeof ctx) => unknown)(ctx);
    return result instanceof Promise ? withDeadline(result).then((value) => this.respond(value)) : this.respond(result);
  }

  private respond(result: unknown): Response {
    if (this.meter.rateLimit) this.rateLimit = this.meter.rateLimit;
    const { rateLimit, requestId } = this;
    if (result instanceof Response) {
      result.headers.set('x-request-id', requestId);
      if (!result.headers.has('cache-control')) result.headers.set('cache-control', 'no-store');
      if (rateLimit) setRateLimitHeaders(result.headers, rateLimit);
      return result;
    }
    // Built with all its headers at once: cheaper than setting them one by one afterwards.
    const init: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId, 'cache-control': 'no-store' };
    if (rateLimit) {
      init['ratelimit-limit'] = String(rateLimit.limit);
      init['ratelimit-remaining'] = String(rateLimit.remaining);
      init['ratelimit-reset'] = String(rateLimit.resetSeconds);
    }
    return new Response(JSON.stringify(result), { status: this.route.spec.response.status, headers: init });
  }

  private fail(error: unknown): Response {
    if (this.meter.rateLimit) this.rateLimit = this.meter.rateLimit;
    const response = errorToResponse(error, this.requestId);
    this.errorCode = problemCodeOf(error);
    if (error instanceof ApiProblem) this.refusedKey = error.key;
    if (this.rateLimit) setRateLimitHeaders(response.headers, this.rateLimit);
    return response;
  }

  /** Deprecation headers, then the metering: every request of a key (admitted or refused) is recorded. */
  private finish(response: Response): Response {
    const { lifecycle, key, errorCode } = this;
    if (lifecycle?.status === 'deprecated') for (const [name, value] of Object.entries(deprecationHeaders(lifecycle))) response.headers.set(name, value);
    const metered = key ?? this.refusedKey;
    if (!metered) return response;
    const elapsed = performance.now() - this.started;
    // The request's clock reading plus the time it took: no second (instrumented) Date.now().
    const at = this.now + Math.round(elapsed);
    if (key) noteKeyUsed(key.id, at);
    const latencyMs = Math.round(elapsed * 100) / 100;
    // One row per operation when the handler said the request was several (a GraphQL batch): each
    // counted against the rate limit and the quota, each shown in the usage by its own name.
    const endpoints = this.meter.endpoints && this.meter.endpoints.length > 0 && errorCode === null ? this.meter.endpoints : this.route.singleEndpoint;
    const { request, requestId, ip } = this;
    for (let i = 0; i < endpoints.length; i++) {
      // Into the in-memory buffer: the response does not wait for the database.
      recordGuardedRequest({
        requestId: endpoints.length === 1 ? requestId : `${requestId}-${i + 1}`,
        partnerId: metered.partnerId,
        apiKeyId: metered.id,
        method: request.method,
        path: pathOf(request.url),
        endpoint: endpoints[i]!,
        statusCode: response.status,
        latencyMs,
        ip,
        userAgent: this.headers.get('user-agent'),
        errorCode,
        billable: key !== null,
        occurredAt: at,
      });
    }
    return response;
  }
}
