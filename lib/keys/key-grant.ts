import 'server-only';
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { partners } from '@/db/schema';
import type { Actor, KeyCeiling } from '@/lib/auth/actor';
import { keyCapability, type KeyGrant, type OrganizationLimits } from '@/lib/auth/policy';
import { fieldError } from '@/lib/errors';
import type { CreateKeyInput } from './key-input';

export async function loadOrganizationLimits(tx: Queryable, partnerId: string): Promise<OrganizationLimits & { status: string }> {
  const [partner] = await tx
    .select({ keyRateLimitPerMinute: partners.keyRateLimitPerMinute, monthlyQuota: partners.monthlyQuota, status: partners.status })
    .from(partners)
    .where(eq(partners.id, partnerId));
  if (!partner) throw fieldError('partnerId', 'That organization does not exist');
  return partner;
}

/**
 * The settings a new key gets: what the caller asked for, and for what it left unset, the caller's own
 * bounds (a key made by a key inherits its maker's allowlist, expiry, secret environments and limits),
 * so a key minted by a constrained key is exactly as constrained unless it asks for less.
 */
export function grantForNewKey(capability: KeyCeiling | null, input: CreateKeyInput): KeyGrant {
  const inherit = capability?.origin === 'key';
  const wantsSecrets = input.scopes.includes('secrets:read');
  return {
    environment: input.environment,
    scopes: input.scopes,
    secretEnvironments: input.secretEnvironments.length > 0 ? input.secretEnvironments : wantsSecrets ? (capability?.secretEnvironments ?? null) : null,
    ipAllowlist: input.ipAllowlist.length > 0 ? input.ipAllowlist : inherit ? (capability?.ipAllowlist ?? []) : [],
    expiresAt: input.expiresAt?.getTime() ?? (inherit ? (capability?.expiresAt ?? null) : null),
    rateLimitPerMinute: input.rateLimitPerMinute ?? (inherit ? (capability?.rateLimitPerMinute ?? null) : null),
    monthlyQuota: input.monthlyQuota ?? (inherit ? (capability?.monthlyQuota ?? null) : null),
  };
}

/** The settings of the key being made, as the insert takes them. */
export function grantToKeyInput(name: string, grant: KeyGrant): CreateKeyInput {
  return {
    name,
    environment: grant.environment,
    scopes: [...grant.scopes],
    secretEnvironments: grant.secretEnvironments ? [...grant.secretEnvironments] : [],
    ipAllowlist: [...grant.ipAllowlist],
    expiresAt: grant.expiresAt === null ? undefined : new Date(grant.expiresAt),
    rateLimitPerMinute: grant.rateLimitPerMinute ?? undefined,
    monthlyQuota: grant.monthlyQuota ?? undefined,
  };
}

/** The ceiling stored with a key the actor makes: what the actor could do at that moment. */
export function ceilingForNewKey(actor: Actor): KeyCeiling {
  const capability = keyCapability(actor);
  if (!capability) throw new Error('ceilingForNewKey: the policy allowed a caller without a capability');
  return capability;
}
