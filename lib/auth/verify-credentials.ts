import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { users } from '@/db/schema';
import { ssoRouteForEmail } from '@/lib/identity/organization-sso';
import { normalizeEmail } from './email';
import { dummyPasswordHash, verifyPassword } from './password';
import { pruneSignInFailures, releaseSignInAttempt, reserveSignInAttempt } from './sign-in-throttle';

export type CredentialsResult =
  { ok: true; user: { id: string; email: string; name: string } } | { ok: false; reason: 'invalid' | 'throttled' | 'disabled' | 'sso_enforced' };

/**
 * The whole password check: an attempt is reserved first, atomically (so a throttled caller learns
 * nothing, not even whether the password was right, and a burst cannot slip past the count), then a
 * constant-work comparison. A wrong password leaves the reservation as a failure; a right one releases it.
 */
export async function verifyCredentials(db: Queryable, input: { email: string; password: string; ip: string }): Promise<CredentialsResult> {
  const email = normalizeEmail(input.email);
  // An organization that enforces its single sign-on: no password sign-in for its domains, right or wrong.
  if ((await ssoRouteForEmail(db, email))?.enforced) return { ok: false, reason: 'sso_enforced' };
  const attemptId = await reserveSignInAttempt(db, email, input.ip);
  if (!attemptId) return { ok: false, reason: 'throttled' };

  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);

  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !passwordOk) {
    await pruneSignInFailures(db);
    return { ok: false, reason: 'invalid' };
  }
  // The password was right: nothing to count, whatever the account's state.
  await releaseSignInAttempt(db, attemptId, email, input.ip);
  if (user.disabledAt) return { ok: false, reason: 'disabled' };

  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
