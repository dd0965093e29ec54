import 'server-only';
import { BlockList, isIP } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { apiKeys, partners, type ApiScope, type KeyEnvironment, type PartnerStatus, type SupportTier } from '@/db/schema';
import type { KeyActor } from '@/lib/auth/actor';
import type { KeyGrant, OrganizationLimits } from '@/lib/auth/policy';

/** What the guard needs to know about a key, as cached per process. Settings are the effective ones: the key's own within its ceiling. */
export interface KeyRecord {
  id: string;
  partnerId: string;
  keyName: string;
  tokenPrefix: string;
  environment: KeyEnvironment;
  scopes: ApiScope[];
  isActive: boolean;
  expiresAt: number | null;
  revokedAt: number | null;
  /** The key's own limit within the organization's ceiling (keys without one get the ceiling). */
  rateLimitPerMinute: number;
  /** The key's own monthly quota, or null when only the organization's applies. */
  monthlyQuota: number | null;
  /** The whole organization's monthly quota (all its keys together). */
  organizationMonthlyQuota: number;
  ipAllowlist: string[];
  /** The secret environments (slugs) the key may pull; null means every one its environment allows. */
  secretEnvironments: string[] | null;
  /** Compiled from ipAllowlist; null when every address is allowed. */
  allowlist: BlockList | null;
  partner: { id: string; name: string; slug: string; status: PartnerStatus; supportTier: SupportTier };
  /** The key as a caller of the one policy, built once per record. */
  actor: KeyActor;
}

/** Builds a matcher for addresses and CIDR ranges (v4 and v6). Entries are validated when saved. */
export function compileAllowlist(entries: string[]): BlockList | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

export function isIpAllowed(record: Pick<KeyRecord, 'allowlist'>, ip: string): boolean {
  if (!record.allowlist) return true;
  const family = isIP(ip);
  if (family === 0) return false;
  return record.allowlist.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}

const minOf = (...values: (number | null)[]): number | null => {
  const set = values.filter((v): v is number => v !== null);
  return set.length ? Math.min(...set) : null;
};

/** Both lists apply: null means "no limit" on either side. */
function narrowList(own: string[] | null, ceiling: string[] | null): string[] | null {
  if (own === null) return ceiling === null ? null : [...ceiling];
  return ceiling === null ? own : own.filter((entry) => ceiling.includes(entry));
}

/**
 * What a key can do, as the guard applies it: its own settings narrowed by the ceiling it was made
 * under and by its organization's limits, so that a key can never do more than its maker could.
 */
export function effectiveKeySettings(key: typeof apiKeys.$inferSelect, organization: OrganizationLimits): KeyGrant & { rateLimitPerMinute: number } {
  const ceiling = key.ceiling;
  return {
    environment: key.environment,
    scopes: key.scopes.filter((scope) => ceiling.scopes.includes(scope)),
    secretEnvironments: narrowList(key.secretEnvironments, ceiling.secretEnvironments),
    ipAllowlist: key.ipAllowlist.length > 0 ? key.ipAllowlist : (ceiling.ipAllowlist ?? []),
    expiresAt: minOf(key.expiresAt?.getTime() ?? null, ceiling.expiresAt),
    rateLimitPerMinute: minOf(key.rateLimitPerMinute ?? organization.keyRateLimitPerMinute, organization.keyRateLimitPerMinute, ceiling.rateLimitPerMinute)!,
    monthlyQuota: minOf(key.monthlyQuota, ceiling.monthlyQuota),
  };
}

export function buildKeyRecord(key: typeof apiKeys.$inferSelect, partner: typeof partners.$inferSelect): KeyRecord {
  const settings = effectiveKeySettings(key, partner);
  const scopes = [...settings.scopes];
  const ipAllowlist = [...settings.ipAllowlist];
  const secretEnvironments = settings.secretEnvironments === null ? null : [...settings.secretEnvironments];
  const actor: KeyActor = {
    kind: 'key',
    keyId: key.id,
    tokenPrefix: key.tokenPrefix,
    partnerId: key.partnerId,
    partnerStatus: partner.status,
    environment: key.environment,
    scopes,
    secretEnvironments,
    ipAllowlist,
    expiresAt: settings.expiresAt,
    rateLimitPerMinute: settings.rateLimitPerMinute,
    monthlyQuota: settings.monthlyQuota,
    organizationMonthlyQuota: partner.monthlyQuota,
    rotatedAt: key.rotatedAt?.getTime() ?? null,
    ceiling: key.ceiling,
  };
  return {
    id: key.id,
    partnerId: key.partnerId,
    keyName: key.keyName,
    tokenPrefix: key.tokenPrefix,
    environment: key.environment,
    scopes,
    isActive: key.isActive,
    expiresAt: settings.expiresAt,
    revokedAt: key.revokedAt?.getTime() ?? null,
    rateLimitPerMinute: settings.rateLimitPerMinute,
    monthlyQuota: settings.monthlyQuota,
    organizationMonthlyQuota: partner.monthlyQuota,
    ipAllowlist,
    secretEnvironments,
    allowlist: compileAllowlist(ipAllowlist),
    partner: { id: partner.id, name: partner.name, slug: partner.slug, status: partner.status, supportTier: partner.supportTier },
    actor,
  };
}

export async function findKeyRecordByHash(db: Queryable, keyHash: string): Promise<KeyRecord | null> {
  const [row] = await db
    .select({ key: apiKeys, partner: partners })
    .from(apiKeys)
    .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  return row ? buildKeyRecord(row.key, row.partner) : null;
}

export type KeyRefusal = 'revoked' | 'expired' | 'disabled';

/** Why a found key may not be used now, or null when it may. */
export function keyRefusal(record: KeyRecord, now = Date.now()): KeyRefusal | null {
  if (record.revokedAt !== null && record.revokedAt <= now) return 'revoked';
  if (!record.isActive) return 'disabled';
  if (record.expiresAt !== null && record.expiresAt <= now) return 'expired';
  return null;
}
