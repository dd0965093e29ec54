import 'server-only';
import type { ApiScope, KeyEnvironment, PartnerStatus, SupportTier } from '@/db/schema';
import type { apiKeys, partners } from '@/db/schema';
import { effectiveKeySettings } from './key-record';

/**
 * A key as an embedded verifier holds it (packages/verifier): everything the guard decides on, its
 * settings already narrowed by its ceiling, and its SHA-256 (`keyHash`, peppered per verifier credential
 * before it leaves the portal). Never a secret.
 */
export interface SyncedKey {
  id: string;
  organizationId: string;
  keyHash: string;
  prefix: string;
  name: string;
  environment: KeyEnvironment;
  scopes: ApiScope[];
  isActive: boolean;
  /** Epoch ms. */
  revokedAt: number | null;
  /** Epoch ms: the key's own expiry within its ceiling, or the end of its rotation grace. */
  expiresAt: number | null;
  rotatedAt: number | null;
  /** The key's own per-minute limit within its ceiling; null: the organization's ceiling. The verifier applies min(this, organization's). */
  rateLimitPerMinute: number | null;
  /** The key's own monthly quota within its ceiling; null: only the organization's. */
  monthlyQuota: number | null;
  /** Empty: any address. */
  ipAllowlist: string[];
}

export interface SyncedOrganization {
  id: string;
  name: string;
  slug: string;
  status: PartnerStatus;
  supportTier: SupportTier;
  keyRateLimitPerMinute: number;
  monthlyQuota: number;
}

const minOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

export function syncedKey(key: typeof apiKeys.$inferSelect, organization: typeof partners.$inferSelect): SyncedKey {
  const settings = effectiveKeySettings(key, organization);
  return {
    id: key.id,
    organizationId: key.partnerId,
    keyHash: key.keyHash,
    prefix: key.tokenPrefix,
    name: key.keyName,
    environment: key.environment,
    scopes: [...settings.scopes],
    isActive: key.isActive,
    revokedAt: key.revokedAt?.getTime() ?? null,
    expiresAt: settings.expiresAt,
    rotatedAt: key.rotatedAt?.getTime() ?? null,
    // Not the effective limit: that depends on the organization's ceiling, which changes on its own.
    rateLimitPerMinute: minOf(key.rateLimitPerMinute, key.ceiling.rateLimitPerMinute),
    monthlyQuota: settings.monthlyQuota,
    ipAllowlist: [...settings.ipAllowlist],
  };
}

export function syncedOrganization(organization: typeof partners.$inferSelect): SyncedOrganization {
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    status: organization.status,
    supportTier: organization.supportTier,
    keyRateLimitPerMinute: organization.keyRateLimitPerMinute,
    monthlyQuota: organization.monthlyQuota,
  };
}
