import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { users } from '@/db/schema';
import { normalizeEmail } from './email';
import { dummyPasswordHash, verifyPassword } from './password';
import { clearSignInFailures, isSignInThrottled, recordSignInFailure } from './sign-in-throttle';

export type CredentialsResult = { ok: true; user: { id: string; email: string; name: string } } | { ok: false; reason: 'invalid' | 'throttled' | 'disabled' };

/**
 * The whole password check: throttle first (so a throttled caller learns nothing,
 * not even whether the password was right), then a constant-work comparison.
 */
export async function verifyCredentials(db: Queryable, input: { email: string; password: string; ip: string }): Promise<CredentialsResult> {
  const email = normalizeEmail(input.email);
  if (await isSignInThrottled(db, email, input.ip)) return { ok: false, reason: 'throttled' };

  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);

  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !passwordOk) {
    await recordSignInFailure(db, email, input.ip);
    return { ok: false, reason: 'invalid' };
  }
  if (user.disabledAt) return { ok: false, reason: 'disabled' };

  await clearSignInFailures(db, email, input.ip);
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
