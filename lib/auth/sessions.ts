import 'server-only';
import { and, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { sessions, users, type SessionMethod, type SessionStage } from '@/db/schema';
import { newId } from '@/lib/ids';

import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_INTERVAL_MS } from './session-lifetime';

export { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_INTERVAL_MS };

export async function createSession(
  db: Queryable,
  params: { userId: string; ip?: string | null; userAgent?: string | null; method?: SessionMethod; stage?: SessionStage; secondFactorAt?: Date | null },
  now = new Date(),
): Promise<string> {
  const id = newId('ses');
  await db.insert(sessions).values({
    id,
    userId: params.userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
    ip: params.ip ?? null,
    userAgent: params.userAgent?.slice(0, 500) ?? null,
    method: params.method ?? 'password',
    stage: params.stage ?? 'active',
    secondFactorAt: params.secondFactorAt ?? null,
  });
  return id;
}

/**
 * Sliding expiry: pushes `expires_at` (never past the absolute lifetime) when the session was last seen
 * more than SESSION_TOUCH_INTERVAL_MS ago. The condition is in the UPDATE, so concurrent requests of one
 * session write at most once per interval. Nothing re-issues the cookie (it lives as long as the absolute
 * lifetime), so there is no cookie to bring back to life after sign-out.
 */
export async function touchSession(db: Queryable, sessionId: string, now = new Date()): Promise<void> {
  await db
    .update(sessions)
    .set({
      lastSeenAt: now,
      expiresAt: sql`least(${new Date(now.getTime() + SESSION_IDLE_MS).toISOString()}::timestamptz, ${sessions.createdAt} + ${`${SESSION_ABSOLUTE_MS / 1000} seconds`}::interval)`,
    })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_TOUCH_INTERVAL_MS))));
}

export async function revokeSession(db: Queryable, sessionId: string, now = new Date()): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every open session of a user, but `exceptSessionId` (the one asking) when given. Returns how many. */
export async function revokeUserSessions(db: Queryable, userId: string, options: { exceptSessionId?: string | null } = {}, now = new Date()): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), options.exceptSessionId ? ne(sessions.id, options.exceptSessionId) : undefined))
    .returning({ id: sessions.id });
  return rows.length;
}

/** What Auth.js's signOut event hands over: the decoded JWT (or nothing for a database session). */
export async function revokeSessionOfToken(db: Queryable, token: Record<string, unknown> | null | undefined): Promise<void> {
  if (typeof token?.sid === 'string' && token.sid) await revokeSession(db, token.sid);
}

/** Whether a session is still open (not revoked, not expired) and the user not disabled: for long-lived responses. */
export async function sessionIsOpen(db: Queryable, session: { userId: string; sessionId: string }, now = new Date()): Promise<boolean> {
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, session.sessionId),
        eq(sessions.userId, session.userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * A second factor was given in this session: at sign-in it opens the session (stage `active`), later it
 * makes the session fresh for a step-up (for STEP_UP_WINDOW_MS).
 */
export async function markSecondFactorGiven(db: Queryable, sessionId: string, now = new Date()): Promise<void> {
  await db
    .update(sessions)
    .set({ stage: 'active', secondFactorAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}
