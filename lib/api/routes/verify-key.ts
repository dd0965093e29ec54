import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { apiScopes, keyEnvironments } from '@/db/schema';
import { getRateLimiter } from '@/lib/api/rate-limit';
import { hashApiKey, parseApiKey } from '@/lib/keys/key-format';
import { resolveKeyByHash } from '@/lib/keys/key-cache';
import { keyRefusal } from '@/lib/keys/key-record';
import { consumeQuota } from '@/lib/usage/quota';
import { recordRequest } from '@/lib/usage/metering-buffer';
import { can } from '@/lib/auth/policy';
import { checkKey } from '../authenticate-key';
import { ApiProblem } from '../problem';
import { guardedRoute } from '../api-route-spec';
import { organizationSchema } from './schemas';

export const verificationCodes = [
  'VALID',
  'NOT_FOUND',
  'REVOKED',
  'EXPIRED',
  'DISABLED',
  'ORGANIZATION_INACTIVE',
  'IP_NOT_ALLOWED',
  'INSUFFICIENT_SCOPE',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
] as const;
type VerificationCode = (typeof verificationCodes)[number];

const verifyResponse = z.object({
  valid: z.boolean(),
  code: z.enum(verificationCodes),
  keyId: z.string().optional(),
  environment: z.enum(keyEnvironments).optional(),
  scopes: z.array(z.enum(apiScopes)).optional(),
  expiresAt: z.string().nullable().optional(),
  organization: organizationSchema.optional(),
  ratelimit: z.object({ limit: z.number(), remaining: z.number(), reset: z.number() }).optional(),
});

/**
 * For the company's own services (Unkey-style): is this partner key good for this call? A valid
 * answer counts against the key's rate limit, as a call through the guard would.
 */
export const verifyKeyRoute = guardedRoute({
  method: 'POST',
  path: '/keys/verify',
  tag: 'Keys',
  summary: 'Verify a partner key',
  description: 'For staff-issued service keys with `keys:verify`. Answers 200 whether or not the key is valid; `code` says why.',
  access: { scope: 'keys:verify' },
  body: z.object({
    key: storableText().min(1).max(200),
    scope: z.enum(apiScopes).optional().describe('The scope the call needs'),
    ip: storableText().max(64).optional().describe('The caller’s IP address, checked against the key’s allowlist'),
    endpoint: storableText().max(300).optional().describe('The endpoint the key is used for, for metering'),
    method: storableText().max(10).optional(),
  }),
  response: { status: 200, description: 'The verdict', schema: verifyResponse },
  async handler({ body, requestId, ip, request, key: caller }): Promise<z.infer<typeof verifyResponse>> {
    const started = performance.now();
    // Only keys staff issued can hold keys:verify (their ceiling says so); the policy decides, as for everything.
    if (!can(caller.actor, 'key.verify', { partnerId: null })) throw new ApiProblem('insufficient_scope', 'This key may not verify keys.');
    const result = await checkKey(body.key, body.ip ?? null, body.scope ?? null);
    let answer: z.infer<typeof verifyResponse>;
    if (!result.ok) {
      answer = { valid: false, code: await failureCode(body.key, result.failure), ...(result.key ? describe(result.key) : {}) };
    } else {
      const decision = await getRateLimiter().consume(result.key.id, result.key.rateLimitPerMinute);
      const ratelimit = { limit: decision.limit, remaining: decision.remaining, reset: decision.resetSeconds };
      const quota = decision.allowed ? await consumeQuota(result.key) : null;
      const code = !decision.allowed ? 'RATE_LIMITED' : quota?.allowed ? 'VALID' : 'QUOTA_EXCEEDED';
      answer = { valid: code === 'VALID', code, ...describe(result.key), ratelimit };
    }
    // Metered against the key being verified, as if it had called the endpoint itself.
    const key = result.key;
    if (key) {
      recordRequest({
        requestId,
        partnerId: key.partnerId,
        apiKeyId: key.id,
        method: (body.method ?? 'POST').toUpperCase(),
        path: body.endpoint ?? '/api/v1/keys/verify',
        endpoint: body.endpoint ?? '/api/v1/keys/verify',
        statusCode: verdictStatus[answer.code],
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
        ip: body.ip ?? ip,
        userAgent: request.headers.get('user-agent'),
        errorCode: answer.valid ? null : answer.code.toLowerCase(),
        billable: answer.valid,
        occurredAt: Date.now(),
      });
    }
    return answer;
  },
});

/** The status the verified call would have had through the guard. */
export const verdictStatus: Record<VerificationCode, number> = {
  VALID: 200,
  NOT_FOUND: 401,
  REVOKED: 401,
  EXPIRED: 401,
  DISABLED: 401,
  ORGANIZATION_INACTIVE: 403,
  IP_NOT_ALLOWED: 403,
  INSUFFICIENT_SCOPE: 403,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
};

function describe(key: NonNullable<Awaited<ReturnType<typeof resolveKeyByHash>>>) {
  return {
    keyId: key.id,
    environment: key.environment,
    scopes: key.scopes,
    expiresAt: key.expiresAt === null ? null : new Date(key.expiresAt).toISOString(),
    organization: key.partner,
  };
}

async function failureCode(secret: string, failure: string): Promise<VerificationCode> {
  switch (failure) {
    case 'organization_inactive':
      return 'ORGANIZATION_INACTIVE';
    case 'ip_not_allowed':
      return 'IP_NOT_ALLOWED';
    case 'insufficient_scope':
      return 'INSUFFICIENT_SCOPE';
  }
  // A trusted service may learn why a known key is refused; a caller of the guard never does.
  if (!parseApiKey(secret)) return 'NOT_FOUND';
  const key = await resolveKeyByHash(hashApiKey(secret));
  const refusal = key ? keyRefusal(key) : null;
  return refusal === 'revoked' ? 'REVOKED' : refusal === 'expired' ? 'EXPIRED' : refusal === 'disabled' ? 'DISABLED' : 'NOT_FOUND';
}
