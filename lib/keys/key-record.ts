import 'server-only';
import { BlockList, isIP } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { apiKeys, partners, type ApiScope, type KeyEnvironment, type PartnerStatus, type SupportTier } from '@/db/schema';

/** What the guard needs to know about a key, as cached per process. */
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
  /** Effective limits: the key's own, else its organization's defaults. */
  rateLimitPerMinute: number;
  monthlyQuota: number;
  ipAllowlist: string[];
  /** The secret environments (slugs) the key may pull; null means every one its environment allows. */
  secretEnvironments: string[] | null;
  /** Compiled from ipAllowlist; null when every address is allowed. */
  allowlist: BlockList | null;
  partner: { id: string; name: string; slug: string; status: PartnerStatus; supportTier: SupportTier };
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

export async function findKeyRecordByHash(db: Queryable, keyHash: string): Promise<KeyRecord | null> {
  const [row] = await db
    .select({ key: apiKeys, partner: partners })
    .from(apiKeys)
    .innerJoin(partners, eq(partners.id, apiKeys.partnerId))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  if (!row) return null;
  const { key, partner } = row;
  return {
    id: key.id,
    partnerId: key.partnerId,
    keyName: key.keyName,
    tokenPrefix: key.tokenPrefix,
    environment: key.environment,
    scopes: key.scopes,
    isActive: key.isActive,
    expiresAt: key.expiresAt?.getTime() ?? null,
    revokedAt: key.revokedAt?.getTime() ?? null,
    rateLimitPerMinute: key.rateLimitPerMinute ?? partner.keyRateLimitPerMinute,
    monthlyQuota: key.monthlyQuota ?? partner.monthlyQuota,
    ipAllowlist: key.ipAllowlist,
    secretEnvironments: key.secretEnvironments,
    allowlist: compileAllowlist(key.ipAllowlist),
    partner: { id: partner.id, name: partner.name, slug: partner.slug, status: partner.status, supportTier: partner.supportTier },
  };
}

export type KeyRefusal = 'revoked' | 'expired' | 'disabled';

/** Why a found key may not be used now, or null when it may. */
export function keyRefusal(record: KeyRecord, now = Date.now()): KeyRefusal | null {
  if (record.revokedAt !== null && record.revokedAt <= now) return 'revoked';
  if (!record.isActive) return 'disabled';
  if (record.expiresAt !== null && record.expiresAt <= now) return 'expired';
  return null;
}
