import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, sessions } from '@/db/schema';
import { removeFactorSpec } from '@/lib/account/two-factor';
import { executeAction } from '@/lib/actions/execute-action';
import { loadActor, loadSessionActor } from '@/lib/auth/actor';
import { confirmTotpEnrolment, redeemSecondFactor, startTotpEnrolment } from '@/lib/identity/factors';
import { openSignInSession } from '@/lib/identity/open-session';
import { completeSecondFactorSignIn } from '@/lib/identity/second-factor-sign-in';
import { actorOf, createUser, testMeta } from '../support/fixtures';

// A fixed clock: 2026-03-01T12:00:00Z, on a 30-second step boundary.
const T0 = new Date('2026-03-01T12:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const codeAt = (secret: string, when: Date) => generate({ secret, epoch: Math.floor(when.getTime() / 1000) });

async function enrolledUser() {
  const user = await createUser();
  const { factorId, secret } = await startTotpEnrolment(db, { userId: user.id, email: user.email });
  const { recoveryCodes } = await confirmTotpEnrolment(db, user.id, { factorId, code: await codeAt(secret, T0) }, T0);
  return { user, factorId, secret, recoveryCodes: recoveryCodes! };
}

describe('TOTP second factor', () => {
  it('enrolment needs a current code; the first factor brings ten recovery codes', async () => {
    const user = await createUser();
    const { factorId, secret } = await startTotpEnrolment(db, { userId: user.id, email: user.email });
    await expect(confirmTotpEnrolment(db, user.id, { factorId, code: await codeAt(secret, at(-120)) }, T0)).rejects.toMatchObject({
      fieldErrors: { code: ['That code is not right. Type the 6 digits your app shows now.'] },
    });
    const { recoveryCodes } = await confirmTotpEnrolment(db, user.id, { factorId, code: await codeAt(secret, T0) }, T0);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
  });

  it('accepts a code one step early or late (drift), not two; each step only once', async () => {
    const { user, secret } = await enrolledUser();
    // Two steps off: refused.
    expect(await redeemSecondFactor(db, user.id, await codeAt(secret, at(60)), at(120))).toBeNull();
    // The code of the previous step, typed 30 s later: accepted.
    expect(await redeemSecondFactor(db, user.id, await codeAt(secret, at(60)), at(90))).toMatchObject({ kind: 'totp' });
    // The same code again: refused (replay).
    expect(await redeemSecondFactor(db, user.id, await codeAt(secret, at(60)), at(90))).toBeNull();
    // The next step's code, typed early (clock behind): accepted.
    expect(await redeemSecondFactor(db, user.id, await codeAt(secret, at(150)), at(120))).toMatchObject({ kind: 'totp' });
  });

  it('a recovery code works once; reuse is refused', async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const code = recoveryCodes[3]!;
    expect(await redeemSecondFactor(db, user.id, code.toUpperCase(), T0)).toEqual({ kind: 'recovery_code' });
    expect(await redeemSecondFactor(db, user.id, code, T0)).toBeNull();
    // Another user's code is not this user's.
    const other = await enrolledUser();
    expect(await redeemSecondFactor(db, user.id, other.recoveryCodes[0]!, T0)).toBeNull();
  });

  it('a password sign-in of an enrolled user does nothing until the second factor is given', async () => {
    const { user, secret } = await enrolledUser();
    const sid = await openSignInSession(db, user, { method: 'password', ip: '198.51.100.20', userAgent: 'vitest' });
    expect(await loadActor(db, user.id, { sessionId: sid })).toBeNull();
    expect((await loadSessionActor(db, user.id, { sessionId: sid }))?.gate).toBe('second_factor');

    const now = new Date();
    const wrong = await completeSecondFactorSignIn(
      { userId: user.id, email: user.email, sessionId: sid, code: '000000', ip: '198.51.100.20', userAgent: null },
      now,
    );
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect(await loadActor(db, user.id, { sessionId: sid })).toBeNull();

    const ok = await completeSecondFactorSignIn(
      { userId: user.id, email: user.email, sessionId: sid, code: await codeAt(secret, now), ip: '198.51.100.20', userAgent: null },
      now,
    );
    expect(ok).toEqual({ ok: true, kind: 'totp' });
    const actor = await loadActor(db, user.id, { sessionId: sid });
    expect(actor?.secondFactor).toMatchObject({ enrolled: true });
    expect(actor?.secondFactor?.verifiedAt).toBeInstanceOf(Date);
    const trail = await db.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.actorId, user.id));
    expect(trail.map((r) => r.action)).toEqual(expect.arrayContaining(['user.sign_in', 'user.second_factor']));
  });

  it('removing the last factor turns two-factor off and voids the recovery codes', async () => {
    const { user, factorId, recoveryCodes } = await enrolledUser();
    const { result } = await executeAction(removeFactorSpec, { factorId }, { actor: await actorOf(user.id), meta: testMeta });
    expect(result).toMatchObject({ ok: true });
    expect(await redeemSecondFactor(db, user.id, recoveryCodes[0]!, T0)).toBeNull();
    const sid = await openSignInSession(db, user, { method: 'password', ip: null, userAgent: null });
    const [row] = await db.select({ stage: sessions.stage }).from(sessions).where(eq(sessions.id, sid));
    expect(row?.stage).toBe('active');
  });
});
