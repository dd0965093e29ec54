import type { z } from 'zod';
import type { ApiScope } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import type { KeyRecord } from '@/lib/keys/key-record';
import type { RateLimitDecision } from './rate-limit';
import type { ProblemCode } from './problem';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface ApiContext<TParams, TQuery, TBody, TKey extends KeyRecord | null> {
  request: Request;
  requestId: string;
  ip: string;
  key: TKey;
  rateLimit: RateLimitDecision | null;
  params: TParams;
  query: TQuery;
  body: TBody;
  /** The signed-in portal user, on a route that admits sessions (`access.session`) called without a key. */
  user: UserActor | null;
  /**
   * What the handler tells the guard about metering: a request that is several operations (a GraphQL
   * batch) is metered as one row per entry of `endpoints`, and `rateLimit` is the latest decision for the
   * response's headers (after the handler admitted more calls with `admitMore`).
   */
  meter: { endpoints: string[] | null; rateLimit: RateLimitDecision | null };
}

interface SpecCommon<TParams, TQuery, TBody> {
  method: HttpMethod;
  /** The OpenAPI path under /api/v1, e.g. `/keys/{id}/rotate`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  params?: TParams;
  query?: TQuery;
  body?: TBody;
  response: { status: number; description: string; schema?: z.ZodType; contentType?: string };
  /** The problems this route can answer with besides the guard's own. */
  problems?: ProblemCode[];
}

/** A route that needs a key: `scope: null` admits any valid key. */
export interface GuardedRouteSpec<TParams = undefined, TQuery = undefined, TBody = undefined> extends SpecCommon<TParams, TQuery, TBody> {
  access: { scope: ApiScope | null };
  handler: (ctx: ApiContext<Parsed<TParams>, Parsed<TQuery>, Parsed<TBody>, KeyRecord>) => Promise<unknown> | unknown;
}

/**
 * A route that also admits a signed-in portal user (the session cookie) when no key is sent: the
 * GraphQL endpoint, which the portal's own screens call. With a key it is guarded like any other route.
 */
export interface KeyOrSessionRouteSpec<TParams = undefined, TQuery = undefined, TBody = undefined> extends SpecCommon<TParams, TQuery, TBody> {
  access: { scope: null; session: true };
  handler: (ctx: ApiContext<Parsed<TParams>, Parsed<TQuery>, Parsed<TBody>, KeyRecord | null>) => Promise<unknown> | unknown;
}

/** A route anyone may call; it still gets request ids and problem errors. */
export interface PublicRouteSpec<TParams = undefined, TQuery = undefined, TBody = undefined> extends SpecCommon<TParams, TQuery, TBody> {
  access: 'public';
  handler: (ctx: ApiContext<Parsed<TParams>, Parsed<TQuery>, Parsed<TBody>, null>) => Promise<unknown> | unknown;
}

export type AnyApiRouteSpec =
  GuardedRouteSpec<unknown, unknown, unknown> | KeyOrSessionRouteSpec<unknown, unknown, unknown> | PublicRouteSpec<unknown, unknown, unknown>;

/** Identity functions that let TypeScript infer the schemas' types for the handler. */
export function guardedRoute<
  TParams extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TBody extends z.ZodType | undefined = undefined,
>(spec: GuardedRouteSpec<TParams, TQuery, TBody>): AnyApiRouteSpec {
  return spec as unknown as AnyApiRouteSpec;
}

export function keyOrSessionRoute<
  TParams extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TBody extends z.ZodType | undefined = undefined,
>(spec: KeyOrSessionRouteSpec<TParams, TQuery, TBody>): AnyApiRouteSpec {
  return spec as unknown as AnyApiRouteSpec;
}

export function publicRoute<
  TParams extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TBody extends z.ZodType | undefined = undefined,
>(spec: PublicRouteSpec<TParams, TQuery, TBody>): AnyApiRouteSpec {
  return spec as unknown as AnyApiRouteSpec;
}
