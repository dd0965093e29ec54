import 'server-only';
import type { ApiScope } from '@/db/schema';
import { getRateLimiter, type RateLimitDecision } from '@/lib/api/rate-limit';
import { resolveKeyByHash } from '@/lib/keys/key-cache';
import { hashApiKey, parseApiKey, readApiKey } from '@/lib/keys/key-format';
import { ensureKeyInvalidationListener } from '@/lib/keys/key-invalidation';
import { isIpAllowed, keyRefusal, type KeyRecord } from '@/lib/keys/key-record';
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
  void ensureKeyInvalidationListener();
  const key = await resolveKeyByHash(hashApiKey(secret));
  if (!key || keyRefusal(key)) return { ok: false, failure: 'invalid' };
  if (key.partner.status !== 'active') return { ok: false, failure: 'organization_inactive', key };
  if (ip !== null && !isIpAllowed(key, ip)) return { ok: false, failure: 'ip_not_allowed', key };
  if (scope && !key.scopes.includes(scope)) return { ok: false, failure: 'insufficient_scope', key };
  return { ok: true, key };
}

/** The guard's part before the handler: the key, then the rate limit. Throws the problem to answer with. */
export async function authenticateRequest(
  headers: Headers,
  ip: string,
  scope: ApiScope | null,
): Promise<{ key: KeyRecord; rateLimit: RateLimitDecision }> {
  const result = await checkKey(readApiKey(headers), ip, scope);
  if (!result.ok) {
    switch (result.failure) {
      case 'missing':
        throw new ApiProblem('unauthorized', 'No API key. Send it as `Authorization: Bearer <key>` or in the `x-api-key` header.');
      case 'invalid':
        throw new ApiProblem('unauthorized', INVALID_KEY_DETAIL);
      case 'organization_inactive':
        throw new ApiProblem('organization_inactive', `The organization that owns this key is ${result.key!.partner.status}.`);
      case 'ip_not_allowed':
        throw new ApiProblem('ip_not_allowed', `Requests from ${ip} are not in this key's IP allowlist.`);
      case 'insufficient_scope':
        throw new ApiProblem('insufficient_scope', `This key lacks the scope \`${scope}\`.`);
    }
  }
  const rateLimit = await getRateLimiter().consume(result.key.id, result.key.rateLimitPerMinute);
  if (!rateLimit.allowed) {
    throw new ApiProblem('rate_limited', `This key may make ${rateLimit.limit} requests a minute. Retry in ${rateLimit.retryAfterSeconds} s.`, undefined, {
      ...rateLimitHeaders(rateLimit),
      'retry-after': String(rateLimit.retryAfterSeconds),
    });
  }
  return { key: result.key, rateLimit };
}
