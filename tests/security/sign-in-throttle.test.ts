import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as passwordModule from '@/lib/auth/password';
import { db } from '@/db';
import { createUser, TEST_PASSWORD } from '../support/fixtures';

// Counts the argon2 verifications actually run: the throttle must hold them to the limit under any concurrency.
const verifications = vi.hoisted(() => ({ count: 0 }));
vi.mock('@/lib/auth/password', async (importOriginal) => {
  const original = await importOriginal<typeof passwordModule>();
  return {
    ...original,
    verifyPassword: async (hash: string, password: string) => {
      verifications.count++;
      return original.verifyPassword(hash, password);
    },
  };
});

const { verifyCredentials } = await import('@/lib/auth/verify-credentials');

beforeEach(() => {
  verifications.count = 0;
});

describe('sign-in throttle under concurrency', () => {
  it('a burst of 30 (29 wrong, the right one last) verifies at most 5 passwords and never signs in', async () => {
    const user = await createUser();
    const ip = '198.51.100.70';
    const attempts = [
      ...Array.from({ length: 29 }, (_, i) => verifyCredentials(db, { email: user.email, password: `wrong ${i}`, ip })),
      verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip }),
    ];
    const results = await Promise.all(attempts);
    expect(verifications.count).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(25);
    // Once the limit is reached the right password is refused too.
    expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip })).toEqual({ ok: false, reason: 'throttled' });
  });

  it('100 concurrent wrong passwords: at most 5 are checked', async () => {
    const user = await createUser();
    const ip = '198.51.100.71';
    await Promise.all(Array.from({ length: 100 }, (_, i) => verifyCredentials(db, { email: user.email, password: `nope ${i}`, ip })));
    expect(verifications.count).toBeLessThanOrEqual(5);
  });

  it('one IP is limited across many emails (30 failures per 15 minutes)', async () => {
    const ip = '198.51.100.72';
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => verifyCredentials(db, { email: `spray-${i}@example.test`, password: 'password123', ip })),
    );
    expect(verifications.count).toBeLessThanOrEqual(30);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(30);
    // A real user behind that IP is refused as well until the window passes; another IP is not.
    const user = await createUser();
    expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip })).toEqual({ ok: false, reason: 'throttled' });
    expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip: '198.51.100.73' })).toMatchObject({ ok: true });
  });

  it('a successful sign-in does not count against the limits', async () => {
    const user = await createUser();
    const ip = '198.51.100.74';
    for (let i = 0; i < 8; i++) expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip })).toMatchObject({ ok: true });
  });
});

describe('sign-up throttle', () => {
  it('refuses sign-ups from one IP beyond the limit, even concurrently', async () => {
    const { signUpSpec } = await import('@/lib/onboarding/sign-up');
    const { executeAction } = await import('@/lib/actions/execute-action');
    const meta = { ip: '198.51.100.80', userAgent: 'vitest' };
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        executeAction(
          signUpSpec,
          { name: 'Spammer', email: `spam-${i}@example.test`, password: 'a long enough password', organization: `Spam ${i}` },
          { actor: null, meta },
        ),
      ),
    );
    const ok = results.filter((r) => r.result.ok).length;
    expect(ok).toBeLessThanOrEqual(5);
    expect(results.some((r) => !r.result.ok && /Too many sign-ups/.test(r.result.error))).toBe(true);
    // Another IP still signs up.
    const other = await executeAction(
      signUpSpec,
      { name: 'Real', email: 'real@example.test', password: 'a long enough password', organization: 'Real Co' },
      { actor: null, meta: { ip: '198.51.100.81', userAgent: 'vitest' } },
    );
    expect(other.result.ok).toBe(true);
  });
});
