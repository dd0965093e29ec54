import type { KeySummary } from './key-summary-schema';
import { keyStatus } from './key-status';
import type { ApiKeyRow } from './manage-keys';

/** A key as the API shows it: never its hash, never its secret. */
export function keySummary(key: Omit<ApiKeyRow, 'keyHash'> | ApiKeyRow): KeySummary {
  return {
    id: key.id,
    name: key.keyName,
    prefix: key.tokenPrefix,
    environment: key.environment,
    scopes: key.scopes,
    status: keyStatus(key),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
    rateLimitPerMinute: key.rateLimitPerMinute,
    monthlyQuota: key.monthlyQuota,
    ipAllowlist: key.ipAllowlist,
    secretEnvironments: key.secretEnvironments,
    rotatedFromId: key.rotatedFromId,
  };
}
