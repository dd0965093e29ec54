import 'server-only';
import type { ApiScope } from '@/db/schema';
import { getRateLimiter, type RateLimitDecision } from '@/lib/api/rate-limit';
import { peekKeyByHash, resolveKeyByHash } from '@/lib/keys/key-cache';
import { hasApiKeyShape, hasValidChecksum, hashApiKey, parseApiKey, readApiKey } from '@/lib/keys/key-format';
import { isIpAllowed, keyRefusal, type KeyRecord } from '@/lib/keys/key-record';
import { keyAdmission } from '@/lib/auth/policy';
import { consumeQuota, type QuotaDecision } from '@/lib/usage/quota';
import { ApiProblem } from './problem';

// One message for every kind of bad key, so that a caller cannot tell a revoked key from a made-up one.
export const INVALID_KEY_DETAIL = 'The API key is not valid: it is malformed, unknown, revoked or expired.';

export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
  };
}

export type KeyCheckFailure = 'missing' | 'invalid' | 'organization_inactive' | 'ip_not_allowed' | 'insufficient_scope';

/**
 * Everything about a key but the rate limit: format and checksum first (junk never reaches the cache
 * or the database), then the cached record, its state, its organization, the caller's IP and the scope.
 * Shared by the guard and by `POST /keys/verify`.
 */
export async function checkKey(
  secret: string | null,
  ip: string | null,
  scope: ApiScope | null,
): Promise<{ ok: true; key: KeyRecord } | { ok: false; failure: KeyCheckFailure; key?: KeyRecord }> {
  if (!secret) return { ok: false, failure: 'missing' };
  if (!parseApiKey(secret)) return { ok: false, failure: 'invalid' };
  const key = await resolveKeyByHash(hashApiKey(secret));
  const failure = recordFailure(key, ip, scope);
  return failure ? { ok: false, failure, key: key ?? undefined } : { ok: true, key: key! };
}

/** Why a looked-up key may not make this call, or null (the policy decides). `ip` null skips the allowlist. */
function recordFailure(key: KeyRecord | null, ip: string | null, scope: ApiScope | null, now = Date.now()): KeyCheckFailure | null {
  if (!key || keyRefusal(key, now)) return 'invalid';
  return keyAdmission(key.actor, ip === null || isIpAllowed(key, ip), scope);
}

export interface Authenticated {
  key: KeyRecord;
  rateLimit: RateLimitDecision;
}

function refuse(failure: KeyCheckFailure, key: KeyRecord | undefined, ip: string, scope: ApiScope | null): never {
  switch (failure) {
    case 'missing':
      throw new ApiProblem('unauthorized', 'No API key. Send it as `Authorization: Bearer <key>` or in the `x-api-key` header.');
    case 'invalid':
      throw new ApiProblem('unauthorized', INVALID_KEY_DETAIL);
    case 'organization_inactive':
      throw new ApiProblem('organization_inactive', `The organization that owns this key is ${key!.partner.status}.`, undefined, undefined, key);
    case 'ip_not_allowed':
      throw new ApiProblem('ip_not_allowed', `Requests from ${ip} are not in this key's IP allowlist.`, undefined, undefined, key);
    case 'insufficient_scope':
      throw new ApiProblem('insufficient_scope', `This key lacks the scope \`${scope}\`.`, undefined, undefined, key);
  }
}

function checkRecord(key: KeyRecord | null, ip: string, scope: ApiScope | null, now: number): KeyRecord {
  const failure = recordFailure(key, ip, scope, now);
  if (failure) refuse(failure, key ?? undefined, ip, scope);
  return key!;
}

function applyRateLimit(key: KeyRecord, rateLimit: RateLimitDecision, now: number): Authenticated | Promise<Authenticated> {
  if (!rateLimit.allowed) {
    throw new ApiProblem(
      'rate_limited',
      `This key may make ${rateLimit.limit} requests a minute. Retry in ${rateLimit.retryAfterSeconds} s.`,
      undefined,
      { ...rateLimitHeaders(rateLimit), 'retry-after': String(rateLimit.retryAfterSeconds) },
      key,
    );
  }
  const quota = consumeQuota(key, now);
  return quota instanceof Promise ? quota.then((q) => applyQuota(key, rateLimit, q)) : applyQuota(key, rateLimit, quota);
}

function applyQuota(key: KeyRecord, rateLimit: RateLimitDecision, quota: QuotaDecision): Authenticated {
  if (!quota.allowed) {
    const retryAfter = Math.max(1, Math.ceil((quota.resetsAt.getTime() - Date.now()) / 1000));
    throw new ApiProblem(
      'quota_exceeded',
      `${quota.scope === 'key' ? "This key's" : "Your organization's"} monthly quota of ${quota.limit.toLocaleString('en-US')} requests is used up${quota.scope === 'organization' ? ' (all its keys share it)' : ''}. It resets on ${quota.resetsAt.toISOString().slice(0, 10)} (UTC).`,
      undefined,
      { ...rateLimitHeaders(rateLimit), 'retry-after': String(retryAfter) },
      key,
    );
  }
  return { key, rateLimit };
}

function limit(key: KeyRecord, now: number): Authenticated | Promise<Authenticated> {
  const decision = getRateLimiter().consume(key.id, key.rateLimitPerMinute, now);
  return decision instanceof Promise ? decision.then((d) => applyRateLimit(key, d, now)) : applyRateLimit(key, decision, now);
}

/**
 * The guard's part before the handler: the key, then the rate limit. Throws the problem to answer with.
 * A cached key and the in-memory limiter answer without a single await: on the hot path each promise
 * costs measurable throughput. `now` is the request's one clock reading (expiry, rate-limit window and quota month; in
 * a Next.js server every `Date.now()` is instrumented and costs a microsecond or two).
 */
export function authenticateRequest(headers: Headers, ip: string, scope: ApiScope | null, now = Date.now()): Authenticated | Promise<Authenticated> {
  const secret = readApiKey(headers);
  if (!secret) refuse('missing', undefined, ip, scope);
  if (!hasApiKeyShape(secret)) refuse('invalid', undefined, ip, scope);
  const hash = hashApiKey(secret);
  const cached = peekKeyByHash(hash, now);
  if (cached !== undefined) return limit(checkRecord(cached, ip, scope, now), now);
  // Not cached: the checksum first, so that a made-up key never reaches the database (a cache hit
  // needs no checksum: only a key we issued has that SHA-256).
  if (!hasValidChecksum(secret)) refuse('invalid', undefined, ip, scope);
  return resolveKeyByHash(hash).then((record) => limit(checkRecord(record, ip, scope, now), now));
}

/**
 * More calls within one request (the further operations of a GraphQL batch), each admitted like a
 * request of its own: the rate limit, then the quota. Throws the same 429 problems as the guard; returns
 * the latest rate-limit decision, for the response's headers.
 */
export async function admitMore(key: KeyRecord, count: number, now = Date.now()): Promise<RateLimitDecision | null> {
  let latest: RateLimitDecision | null = null;
  for (let i = 0; i < count; i++) ({ rateLimit: latest } = await limit(key, now));
  return latest;
}

/** What a signed-in portal user may send a minute on a route that admits sessions (the GraphQL endpoint): a key's default ceiling. */
export const SESSION_RATE_LIMIT_PER_MINUTE = 600;

/**
 * Calls of a signed-in user on a route that admits sessions, each counted against a per-user rate limit
 * (no quota: the portal's own use is not billed). Throws the 429 problem; returns the latest decision.
 */
export async function admitSessionCalls(userId: string, count: number): Promise<RateLimitDecision | null> {
  let latest: RateLimitDecision | null = null;
  for (let i = 0; i < count; i++) {
    latest = await getRateLimiter().consume(`user:${userId}`, SESSION_RATE_LIMIT_PER_MINUTE);
    if (!latest.allowed) {
      throw new ApiProblem('rate_limited', `You may make ${latest.limit} requests a minute here. Retry in ${latest.retryAfterSeconds} s.`, undefined, {
        ...rateLimitHeaders(latest),
        'retry-after': String(latest.retryAfterSeconds),
      });
    }
  }
  return latest;
}
