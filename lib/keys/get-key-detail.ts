import 'server-only';
import { desc, eq, or, sql } from 'drizzle-orm';
import { db } from '@/db';
import { apiKeys, auditLogs, partners, users } from '@/db/schema';
import type { Tenant } from '@/lib/auth/tenant';
import { NotFoundError } from '@/lib/errors';
import { authorize, can } from '@/lib/auth/policy';
import { findKeyOrThrow } from './find-key';
import { keyStatus, type KeyStatus } from './key-status';
import type { ApiKeyRow } from './manage-keys';

export interface KeyDetail {
  key: Omit<ApiKeyRow, 'keyHash'>;
  status: KeyStatus;
  partner: { id: string; name: string; slug: string; status: string; keyRateLimitPerMinute: number; monthlyQuota: number };
  createdByName: string | null;
  rotatedFrom: { id: string; tokenPrefix: string } | null;
  rotatedTo: { id: string; tokenPrefix: string }[];
  /** The key's audit trail; empty for those who may not read the audit log (developers). */
  history: (typeof auditLogs.$inferSelect)[];
  canReadHistory: boolean;
  /** What the viewer may do with it, for the buttons; the server asks the policy again on submit. */
  canWrite: boolean;
}

/** One key with its settings, lineage and audit history. A foreign organization's key is a 404. */
export async function getKeyDetail(tenant: Tenant, keyId: string): Promise<KeyDetail> {
  const { actor } = tenant;
  const row = await findKeyOrThrow(db, keyId);
  if (tenant.partnerId !== null && row.partnerId !== tenant.partnerId) throw new NotFoundError();
  authorize(actor, 'key.read', { partnerId: row.partnerId });
  const canReadHistory = can(actor, 'audit.read', { partnerId: row.partnerId });
  const { keyHash: _hash, ...key } = row;

  const [[partner], [creator], rotatedFrom, rotatedTo, history] = await Promise.all([
    db
      .select({
        id: partners.id,
        name: partners.name,
        slug: partners.slug,
        status: partners.status,
        keyRateLimitPerMinute: partners.keyRateLimitPerMinute,
        monthlyQuota: partners.monthlyQuota,
      })
      .from(partners)
      .where(eq(partners.id, key.partnerId)),
    key.createdById ? db.select({ name: users.name }).from(users).where(eq(users.id, key.createdById)) : Promise.resolve([]),
    key.rotatedFromId
      ? db.select({ id: apiKeys.id, tokenPrefix: apiKeys.tokenPrefix }).from(apiKeys).where(eq(apiKeys.id, key.rotatedFromId))
      : Promise.resolve([]),
    db.select({ id: apiKeys.id, tokenPrefix: apiKeys.tokenPrefix }).from(apiKeys).where(eq(apiKeys.rotatedFromId, key.id)),
    canReadHistory
      ? db
          .select()
          .from(auditLogs)
          .where(or(eq(auditLogs.targetId, key.id), sql`${auditLogs.metadata}->>'newKeyId' = ${key.id}`))
          .orderBy(desc(auditLogs.occurredAt))
          .limit(50)
      : Promise.resolve([]),
  ]);

  return {
    key,
    status: keyStatus(key),
    partner: partner!,
    createdByName: (creator as { name: string } | undefined)?.name ?? null,
    rotatedFrom: rotatedFrom[0] ?? null,
    rotatedTo,
    history,
    canReadHistory,
    canWrite: can(actor, 'key.write', { partnerId: key.partnerId, keyEnvironment: key.environment }),
  };
}
