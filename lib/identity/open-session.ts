import 'server-only';
import type { Queryable } from '@/db';
import type { SessionMethod } from '@/db/schema';
import { createSession } from '@/lib/auth/sessions';
import { auditSignIn } from './sign-in-audit';
import { twoFactorStatus } from './two-factor-policy';

/**
 * The server-side session of a sign-in whose first step passed (a right password, an SSO answer): its id
 * goes into the JWT and is checked on every request. A user with a second factor gets a session that does
 * nothing until the factor is given (/two-factor); a passkey sign-in is both factors at once.
 */
export async function openSignInSession(
  db: Queryable,
  user: { id: string; email: string },
  details: { method: SessionMethod; ip: string | null; userAgent: string | null },
): Promise<string> {
  const now = new Date();
  const { hasSecondFactor } = await twoFactorStatus(db, user.id);
  const pending = hasSecondFactor && details.method !== 'passkey';
  const sessionId = await createSession(
    db,
    {
      userId: user.id,
      ip: details.ip,
      userAgent: details.userAgent,
      method: details.method,
      stage: pending ? 'second_factor' : 'active',
      secondFactorAt: details.method === 'passkey' ? now : null,
    },
    now,
  );
  await auditSignIn(db, user, { method: details.method, sessionId, pendingSecondFactor: pending }, { ip: details.ip, userAgent: details.userAgent });
  return sessionId;
}
