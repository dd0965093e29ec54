/** What the portal sends (GET /api/v1/verifier/snapshot and /changes). */
export interface SyncedOrganization {
  id: string;
  name: string;
  slug: string;
  status: 'pending' | 'active' | 'suspended';
  supportTier: 'standard' | 'priority' | 'enterprise';
  keyRateLimitPerMinute: number;
  monthlyQuota: number;
}

export interface SyncedKey {
  id: string;
  organizationId: string;
  hash: string;
  prefix: string;
  name: string;
  environment: 'test' | 'live';
  scopes: string[];
  isActive: boolean;
  revokedAt: number | null;
  expiresAt: number | null;
  rotatedAt: number | null;
  rateLimitPerMinute: number | null;
  monthlyQuota: number | null;
  ipAllowlist: string[];
}

export interface Snapshot {
  seq: number;
  generatedAt: string;
  organizations: SyncedOrganization[];
  keys: SyncedKey[];
}

export type Change =
  { seq: number; kind: 'key'; key: SyncedKey; organization: SyncedOrganization } | { seq: number; kind: 'organization'; organization: SyncedOrganization };

/** The codes of POST /api/v1/keys/verify, and STALE: the verifier could not vouch for its copy and failed closed. */
export type VerificationCode =
  | 'VALID'
  | 'NOT_FOUND'
  | 'REVOKED'
  | 'EXPIRED'
  | 'DISABLED'
  | 'ORGANIZATION_INACTIVE'
  | 'IP_NOT_ALLOWED'
  | 'INSUFFICIENT_SCOPE'
  | 'RATE_LIMITED'
  | 'QUOTA_EXCEEDED'
  | 'STALE';

export interface VerifiedKey {
  id: string;
  name: string;
  prefix: string;
  environment: 'test' | 'live';
  scopes: string[];
  expiresAt: number | null;
}

export interface VerifiedOrganization {
  id: string;
  name: string;
  slug: string;
  status: SyncedOrganization['status'];
  supportTier: SyncedOrganization['supportTier'];
}

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window ends. */
  reset: number;
}

export type VerifyResult =
  | { valid: true; code: 'VALID'; key: VerifiedKey; organization: VerifiedOrganization; rateLimit: RateLimitState }
  | { valid: false; code: Exclude<VerificationCode, 'VALID'>; key?: VerifiedKey; organization?: VerifiedOrganization; rateLimit?: RateLimitState };

export interface VerifyContext {
  /** The scope the call needs (e.g. `catalog:read`); none: any valid key. */
  scope?: string;
  /** The caller's address, checked against the key's allowlist; none: not checked. */
  ip?: string;
  /** For metering: the route pattern (e.g. `/api/v1/weather`). */
  endpoint?: string;
  method?: string;
}

/** The HTTP status the portal's guard would have answered for a code. */
export const statusOfCode: Record<VerificationCode, number> = {
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
  STALE: 503,
};
