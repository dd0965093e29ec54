import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Transaction } from '@/db';
import type { AfterCommit } from '@/db/with-transaction';
import { apiKeys, type ApiScope, type KeyPurpose, type StoredKeyCeiling } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { newId } from '@/lib/ids';
import { generateApiKey } from './key-format';
import { logKeyChanges } from './key-change-log';
import { announceKeyChange } from './key-invalidation';
import type { CreateKeyInput, RotationGrace } from './key-input';
import { rotationGraceOptions } from './key-input';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** Who made a key: a user in the portal, another key (automation), or nobody (the ops command). */
export interface KeyCreator {
  userId?: string | null;
  keyId?: string | null;
}

export function keyCreatorOf(actor: Actor): KeyCreator {
  return actor.kind === 'user' ? { userId: actor.userId } : actor.kind === 'key' ? { keyId: actor.keyId } : {};
}

/** Inserts the key (and its row in the verifiers' change log) and returns the secret, which exists nowhere else: it must be shown once and dropped. */
export async function createApiKey(
  tx: Transaction,
  partnerId: string,
  input: Omit<CreateKeyInput, 'secretEnvironments'> & { secretEnvironments?: string[] | null; rotatedFromId?: string; purpose?: KeyPurpose },
  creator: KeyCreator,
  ceiling: StoredKeyCeiling,
): Promise<{ key: ApiKeyRow; secret: string }> {
  const generated = generateApiKey(input.environment);
  const [key] = await tx
    .insert(apiKeys)
    .values({
      id: newId('key'),
      partnerId,
      createdById: creator.userId ?? null,
      createdByKeyId: creator.keyId ?? null,
      keyName: input.name,
      tokenPrefix: generated.prefix,
      keyHash: generated.hash,
      environment: input.environment,
      scopes: input.scopes as ApiScope[],
      expiresAt: input.expiresAt ?? null,
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      monthlyQuota: input.monthlyQuota ?? null,
      ipAllowlist: input.ipAllowlist,
      secretEnvironments: input.secretEnvironments?.length ? input.secretEnvironments : null,
      rotatedFromId: input.rotatedFromId ?? null,
      purpose: input.purpose ?? null,
      ceiling,
    })
    .returning();
  // Embedded verifiers learn of the new key through the change log (no cache holds it yet).
  await logKeyChanges(tx, { keyIds: [key!.id] });
  return { key: key!, secret: generated.secret };
}

/** Locks the key row for the rest of the transaction (two rotations of one key cannot interleave). */
export async function lockKey(tx: Transaction, keyId: string, partnerId?: string): Promise<ApiKeyRow | null> {
  const where = partnerId ? and(eq(apiKeys.id, keyId), eq(apiKeys.partnerId, partnerId)) : eq(apiKeys.id, keyId);
  const [key] = await tx.select().from(apiKeys).where(where).for('update');
  return key ?? null;
}

export function isKeyUsable(key: ApiKeyRow, now = new Date()): boolean {
  return key.revokedAt === null && key.isActive && (key.expiresAt === null || key.expiresAt > now);
}

/**
 * A new key with the same settings; the old one keeps working until the grace period ends (or its own
 * earlier expiry), then expires. The two are linked through `rotatedFromId`.
 */
export async function rotateApiKey(
  tx: Transaction,
  afterCommit: AfterCommit,
  old: ApiKeyRow,
  grace: RotationGrace,
  creator: KeyCreator,
): Promise<{ key: ApiKeyRow; secret: string; oldKeyExpiresAt: Date }> {
  const now = new Date();
  const graceEnd = new Date(now.getTime() + rotationGraceOptions[grace] * 1000);
  const oldKeyExpiresAt = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
  await tx.update(apiKeys).set({ expiresAt: oldKeyExpiresAt, rotatedAt: now }).where(eq(apiKeys.id, old.id));
  const created = await createApiKey(
    tx,
    old.partnerId,
    {
      name: old.keyName,
      environment: old.environment,
      scopes: old.scopes,
      // The new key keeps no expiry of the old one's rotation; an explicit expiry carries over if still ahead.
      expiresAt: old.expiresAt && old.expiresAt > now ? old.expiresAt : undefined,
      rateLimitPerMinute: old.rateLimitPerMinute ?? undefined,
      monthlyQuota: old.monthlyQuota ?? undefined,
      ipAllowlist: old.ipAllowlist,
      secretEnvironments: old.secretEnvironments ?? undefined,
      rotatedFromId: old.id,
    },
    creator,
    // The new key is the same key under a new secret: it keeps the ceiling it was first made under.
    old.ceiling,
  );
  await announceKeyChange(tx, afterCommit, { keyIds: [old.id] });
  return { ...created, oldKeyExpiresAt };
}

export async function revokeApiKey(tx: Transaction, afterCommit: AfterCommit, key: ApiKeyRow): Promise<ApiKeyRow> {
  const [revoked] = await tx
    .update(apiKeys)
    .set({ revokedAt: key.revokedAt ?? new Date(), isActive: false })
    .where(eq(apiKeys.id, key.id))
    .returning();
  await announceKeyChange(tx, afterCommit, { keyIds: [key.id] });
  return revoked!;
}

/** What an audit row may say about a key: never its secret or hash. */
export function keyAuditMetadata(key: ApiKeyRow): Record<string, unknown> {
  return {
    name: key.keyName,
    prefix: key.tokenPrefix,
    environment: key.environment,
    scopes: key.scopes,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    rateLimitPerMinute: key.rateLimitPerMinute,
    monthlyQuota: key.monthlyQuota,
    ipAllowlist: key.ipAllowlist,
    secretEnvironments: key.secretEnvironments,
  };
}
