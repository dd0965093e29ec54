import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { db } from '@/db';
import type { RequestMeta } from '@/lib/audit/write-audit-log';
import { clientIp } from '@/lib/http/client-ip';
import { auth } from './auth';
import { loadSessionActor, type SessionGate, type UserActor } from './actor';
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
  const loaded = await getSessionActor();
  return loaded?.gate === 'ok' ? loaded.actor : null;
});

/**
 * The session's user and where the session stands: a session still waiting for its second factor, or
 * whose user must enrol one first, has no actor (`getActor`), so no page or action works; only the
 * two-factor pages read this.
 */
export const getSessionActor = cache(async (): Promise<{ actor: UserActor; gate: SessionGate; sessionId: string } | null> => {
  const session = await getSession();
  if (!session) return null;
  const loaded = await loadSessionActor(db, session.userId, { sessionId: session.sessionId });
  return loaded ? { ...loaded, sessionId: session.sessionId } : null;
});

/** Where a stopped session goes: its second-factor step or its enrolment; null when it is not stopped. */
export async function sessionStepPath(): Promise<string | null> {
  const loaded = await getSessionActor();
  if (loaded?.gate === 'second_factor') return '/two-factor';
  if (loaded?.gate === 'enrol') return '/two-factor/enrol';
  return null;
}

/** For long-lived responses (the live stream): is the session still open, the user still enabled? */
export function sessionStillOpen(session: SessionRef): Promise<boolean> {
  return sessionIsOpen(db, session);
}

/** For pages: the actor, or a redirect to the sign-in page. */
export async function requireActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect((await sessionStepPath()) ?? '/login');
  return actor;
}

export async function getRequestMeta(): Promise<RequestMeta> {
  const [h, session] = await Promise.all([headers(), getSession()]);
  // Links in emails: the configured URL or this request's Host, never a client-sent X-Forwarded-Host.
  return { ip: clientIp(h), userAgent: h.get('user-agent'), origin: publicOrigin(h), sessionId: session?.sessionId ?? null };
}
