import { sql, type SQL } from 'drizzle-orm';
import { apiKeys } from '@/db/schema';

export const keyStatuses = ['active', 'expiring', 'expired', 'revoked'] as const;
export type KeyStatus = (typeof keyStatuses)[number];

/** A key that stops working within this window shows as "expiring" (rotation grace periods included). */
export const EXPIRING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export function keyStatus(key: { revokedAt: Date | null; isActive: boolean; expiresAt: Date | null }, now = new Date()): KeyStatus {
  if (key.revokedAt || !key.isActive) return 'revoked';
  if (key.expiresAt && key.expiresAt <= now) return 'expired';
  if (key.expiresAt && key.expiresAt.getTime() - now.getTime() <= EXPIRING_WINDOW_MS) return 'expiring';
  return 'active';
}

/** The same rule in SQL, for filtering and sorting in the database. */
export const keyStatusSql: SQL<KeyStatus> = sql<KeyStatus>`case
  when ${apiKeys.revokedAt} is not null or not ${apiKeys.isActive} then 'revoked'
  when ${apiKeys.expiresAt} <= now() then 'expired'
  when ${apiKeys.expiresAt} <= now() + interval '7 days' then 'expiring'
  else 'active' end`;
