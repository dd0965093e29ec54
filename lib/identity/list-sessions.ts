import 'server-only';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { db, type Queryable } from '@/db';
import { sessions, type SessionMethod } from '@/db/schema';
import { describeUserAgent } from './user-agent';

export interface SessionSummary {
  id: string;
  browser: string;
  device: string;
  ip: string | null;
  method: SessionMethod;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

/** A user's open sessions (not ended, not expired), most recently used first. */
export async function listOpenSessions(db: Queryable, userId: string, currentSessionId: string | null, now = new Date()): Promise<SessionSummary[]> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map((row) => ({
    id: row.id,
    ...describeUserAgent(row.userAgent),
    ip: row.ip,
    method: row.method,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    current: row.id === currentSessionId,
  }));
}

/** For the account page: the signed-in person's own sessions. */
export function listMySessions(actor: { userId: string }, currentSessionId: string | null): Promise<SessionSummary[]> {
  return listOpenSessions(db, actor.userId, currentSessionId);
}
