import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { db } from '@/db';
import type { RequestMeta } from '@/lib/audit/write-audit-log';
import { clientIp } from '@/lib/http/client-ip';
import { auth } from './auth';
import { loadActor, type UserActor } from './actor';
import { publicOrigin } from './public-origin';
import { sessionIsOpen } from './sessions';

export interface SessionRef {
  userId: string;
  sessionId: string;
}

/**
 * The session cookie of this request, verified (signature and lifetime) but not yet checked against the
 * `sessions` table: `getActor` does that. A token without a session id (from before server-side sessions)
 * counts as signed out.
 */
export const getSession = cache(async (): Promise<SessionRef | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  const sessionId = session?.sessionId;
  if (!userId || !sessionId) return null;
  return { userId, sessionId };
});

/**
 * The signed-in actor of this request, read fresh from the database (once per request), with the
 * session checked in the same query: a revoked or expired session has no actor.
 */
export const getActor = cache(async (): Promise<UserActor | null> => {
  const session = await getSession();
  if (!session) return null;
  return loadActor(db, session.userId, { sessionId: session.sessionId });
});

/** For long-lived responses (the live stream): is the session still open, the user still enabled? */
export function sessionStillOpen(session: SessionRef): Promise<boolean> {
  return sessionIsOpen(db, session);
}

/** For pages: the actor, or a redirect to the sign-in page. */
export async function requireActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  return actor;
}

export async function getRequestMeta(): Promise<RequestMeta> {
  const [h, session] = await Promise.all([headers(), getSession()]);
  // Links in emails: the configured URL or this request's Host, never a client-sent X-Forwarded-Host.
  return { ip: clientIp(h), userAgent: h.get('user-agent'), origin: publicOrigin(h), sessionId: session?.sessionId ?? null };
}
