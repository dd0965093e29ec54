import 'server-only';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { auditLogs, memberships, type SessionMethod } from '@/db/schema';
import { writeAuditLog, type RequestMeta } from '@/lib/audit/write-audit-log';
import { SIGN_IN_WINDOW_MS } from '@/lib/auth/sign-in-throttle';

async function workingPartnerId(db: Queryable, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ partnerId: memberships.partnerId })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return row?.partnerId ?? null;
}

/** A sign-in (the password or SSO step); `pendingSecondFactor` when the second factor is still to come. */
export async function auditSignIn(
  db: Queryable,
  user: { id: string; email: string },
  details: { method: SessionMethod; sessionId: string; pendingSecondFactor: boolean },
  meta: RequestMeta,
): Promise<void> {
  await writeAuditLog(
    db,
    { kind: 'new_user', userId: user.id, email: user.email },
    {
      action: 'user.sign_in',
      partnerId: await workingPartnerId(db, user.id),
      targetType: 'session',
      targetId: details.sessionId,
      metadata: { method: details.method, secondFactor: details.pendingSecondFactor ? 'pending' : 'none' },
    },
    meta,
  );
}

/** The second factor of a sign-in, or of a step-up, given. */
export async function auditSecondFactor(
  db: Queryable,
  user: { id: string; email: string },
  details: { sessionId: string; kind: string; purpose: 'sign_in' | 'step_up' },
  meta: RequestMeta,
): Promise<void> {
  await writeAuditLog(
    db,
    { kind: 'new_user', userId: user.id, email: user.email },
    {
      action: 'user.second_factor',
      partnerId: await workingPartnerId(db, user.id),
      targetType: 'session',
      targetId: details.sessionId,
      metadata: { kind: details.kind, purpose: details.purpose },
    },
    meta,
  );
}

/**
 * A failed sign-in (wrong password or second factor, throttled, disabled account). Throttled itself: at
 * most one row per email, address and reason per throttle window, so a password-guessing run cannot
 * flood the trail (the throttle's own table counts every attempt).
 */
export async function auditSignInFailure(
  db: Queryable,
  details: { email: string; reason: string; userId?: string | null },
  meta: RequestMeta,
  now = new Date(),
): Promise<boolean> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [recent] = await db
    .select({ id: auditLogs.id })
    .from(auditLogs)
    .where(
      and(
        eq(auditLogs.action, 'user.sign_in_failed'),
        gte(auditLogs.occurredAt, since),
        meta.ip ? eq(auditLogs.ip, meta.ip) : sql`${auditLogs.ip} is null`,
        sql`${auditLogs.metadata}->>'email' = ${details.email}`,
        sql`${auditLogs.metadata}->>'reason' = ${details.reason}`,
      ),
    )
    .limit(1);
  if (recent) return false;
  await writeAuditLog(
    db,
    { kind: 'anonymous', label: details.email },
    {
      action: 'user.sign_in_failed',
      partnerId: details.userId ? await workingPartnerId(db, details.userId) : null,
      targetType: details.userId ? 'user' : undefined,
      targetId: details.userId ?? undefined,
      metadata: { email: details.email, reason: details.reason },
    },
    meta,
  );
  return true;
}
