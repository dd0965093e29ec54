import 'server-only';
import { GraphQLError } from 'graphql';
import type { ApiScope } from '@/db/schema';
import type { KeyActor, UserActor } from '@/lib/auth/actor';
import { authorize, can, type PolicyAction, type PolicyResource } from '@/lib/auth/policy';
import type { RequestMeta } from '@/lib/audit/write-audit-log';
import { AppError } from '@/lib/errors';
import type { KeyRecord } from '@/lib/keys/key-record';

/** What the metering learns about each operation as it runs (the guard writes one row per operation). */
export interface OperationMeter {
  /** `Name(rootField,…)` of each executed operation, in the order they ran. */
  operations: string[];
}

/**
 * Who is calling and for which organization: a key (its own organization, always) or a signed-in user
 * (their organization; staff: every organization, `partnerId` null). Built from the guard's answer,
 * never from the query.
 */
export interface GraphqlContext {
  actor: KeyActor | UserActor;
  key: KeyRecord | null;
  user: UserActor | null;
  partnerId: string | null;
  meta: RequestMeta;
  requestId: string;
  meter: OperationMeter;
  /** For long-lived operations (subscriptions): whether the calling key is still valid (not revoked, expired, or its organization suspended). */
  keyStillValid: () => Promise<boolean>;
  /** Secret values read in this operation, per environment id: one pull (and its access-log rows) per environment. */
  revealed: Map<string, Promise<Map<string, string>>>;
}

/** The policy action each per-field scope stands for (a key's scopes map to these in the policy too). */
const scopeActions: Record<Exclude<ApiScope, 'keys:verify' | 'keys:sync'>, { action: PolicyAction; resource: (ctx: GraphqlContext) => PolicyResource }> = {
  'usage:read': { action: 'usage.read', resource: (ctx) => ({ partnerId: ctx.partnerId }) },
  'docs:read': { action: 'doc.read', resource: () => ({ partnerId: null, published: true }) },
  'catalog:read': { action: 'catalog.read', resource: () => ({ partnerId: null }) },
  'secrets:read': { action: 'secret.read', resource: (ctx) => ({ partnerId: ctx.partnerId }) },
  'keys:write': { action: 'key.read', resource: (ctx) => ({ partnerId: ctx.partnerId }) },
};

export type FieldScope = keyof typeof scopeActions;

/** Whether the caller may read a field that needs `scope`: the one policy answers, for keys and people alike. */
export function allowsScope(ctx: GraphqlContext, scope: FieldScope): boolean {
  const { action, resource } = scopeActions[scope];
  return can(ctx.actor, action, resource(ctx));
}

/** The organization a list reads (null: every organization, staff), after the policy allowed `action` on it. */
export function organizationScope(ctx: GraphqlContext, action: PolicyAction): string | null {
  guarded(() => authorize(ctx.actor, action, { partnerId: ctx.partnerId }));
  return ctx.partnerId;
}

/** The one organization a field is about (secrets are always one organization's). */
export function oneOrganization(ctx: GraphqlContext, action: PolicyAction): string {
  const partnerId = organizationScope(ctx, action);
  if (partnerId === null) throw notFound('Name an organization: staff read secrets in the portal.');
  return partnerId;
}

export type ErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'UNAUTHENTICATED';

/** An error the caller is meant to see (Yoga masks every other one). */
export function clientError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const notFound = (message = 'Not found.') => clientError('NOT_FOUND', message);

const codeOfStatus: Record<number, ErrorCode> = { 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 422: 'BAD_USER_INPUT' };

/** An `AppError` from lib/ (the policy's 404 and 403, input errors) as the GraphQL error the caller sees. */
export function toClientError(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const code = codeOfStatus[error.status] ?? 'BAD_USER_INPUT';
  return clientError(code, code === 'NOT_FOUND' ? 'Not found.' : error.message, error.fieldErrors ? { fieldErrors: error.fieldErrors } : {});
}

/** Runs lib/ code, turning its refusals into GraphQL errors. */
export function guarded<T>(run: () => T): T {
  try {
    const result = run();
    if (result instanceof Promise) return result.catch((error: unknown) => Promise.reject(toClientError(error))) as T;
    return result;
  } catch (error) {
    throw toClientError(error);
  }
}
