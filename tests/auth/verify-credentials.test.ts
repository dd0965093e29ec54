import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { users } from '@/db/schema';
import { SIGN_IN_WINDOW_MS, isSignInThrottled } from '@/lib/auth/sign-in-throttle';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { createUser, TEST_PASSWORD } from '../support/fixtures';

describe('password sign-in', () => {
  it('accepts the right password in any email letter case and records the login', async () => {
    const user = await createUser();
    const result = await verifyCredentials(db, { email: user.email.toUpperCase(), password: TEST_PASSWORD, ip: '198.51.100.1' });
    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    const [row] = await db.select({ lastLoginAt: users.lastLoginAt }).from(users).where(eq(users.id, user.id));
    expect(row?.lastLoginAt).toBeInstanceOf(Date);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const user = await createUser();
    expect(await verifyCredentials(db, { email: user.email, password: 'wrong password', ip: '198.51.100.2' })).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyCredentials(db, { email: 'nobody@example.test', password: 'x', ip: '198.51.100.2' })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('throttles the sixth attempt after five failures for one email and IP, even with the right password', async () => {
    const user = await createUser();
    const ip = '198.51.100.3';
    for (let i = 0; i < 5; i++) {
      expect(await verifyCredentials(db, { email: user.email, password: `wrong ${i}`, ip })).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip })).toEqual({ ok: false, reason: 'throttled' });
    // Another IP is not affected, and the window ends after fifteen minutes.
    expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip: '198.51.100.4' })).toMatchObject({ ok: true });
    expect(await isSignInThrottled(db, user.email, ip, new Date(Date.now() + SIGN_IN_WINDOW_MS + 1000))).toBe(false);
  });

  it('a successful sign-in clears the earlier failures', async () => {
    const user = await createUser();
    const ip = '198.51.100.5';
    for (let i = 0; i < 4; i++) await verifyCredentials(db, { email: user.email, password: 'nope', ip });
    expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip })).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) await verifyCredentials(db, { email: user.email, password: 'nope', ip });
    expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip })).toMatchObject({ ok: true });
  });

  it('refuses a disabled account', async () => {
    const user = await createUser();
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip: '198.51.100.6' })).toEqual({ ok: false, reason: 'disabled' });
  });
});
