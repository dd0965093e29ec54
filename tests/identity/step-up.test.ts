import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { sessions } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { loadActor, type UserActor } from '@/lib/auth/actor';
import { confirmTotpEnrolment, startTotpEnrolment } from '@/lib/identity/factors';
import { openSignInSession } from '@/lib/identity/open-session';
import { completeSecondFactorSignIn } from '@/lib/identity/second-factor-sign-in';
import { setOrganizationTwoFactorSpec } from '@/lib/identity/two-factor-settings';
import { revealSecretSpec } from '@/lib/secrets/read-secrets';
import { createSecretSpec } from '@/lib/secrets/write-secrets';
import { generate } from 'otplib';
import { createCast, testMeta } from '../support/fixtures';

const stepUpMessage = 'Confirm it’s you: enter a code from your authenticator app (or a recovery code), then submit again.';

/** A partner_admin with an authenticator app, signed in with both factors now. */
async function signedInWithFactor() {
  const cast = await createCast();
  const me = cast.partnerAdmin;
  const { factorId, secret } = await startTotpEnrolment(db, { userId: me.userId, email: me.email });
  const enrolledAt = new Date(Date.now() - 60_000);
  const { recoveryCodes } = await confirmTotpEnrolment(
    db,
    me.userId,
    { factorId, code: await generate({ secret, epoch: Math.floor(enrolledAt.getTime() / 1000) }) },
    enrolledAt,
  );
  const sessionId = await openSignInSession(db, { id: me.userId, email: me.email }, { method: 'password', ip: '198.51.100.40', userAgent: 'vitest' });
  const done = await completeSecondFactorSignIn({
    userId: me.userId,
    email: me.email,
    sessionId,
    code: await generate({ secret }),
    ip: '198.51.100.40',
    userAgent: null,
  });
  expect(done.ok).toBe(true);
  const actor = (await loadActor(db, me.userId, { sessionId })) as UserActor;
  const meta = { ...testMeta, sessionId };
  const created = await executeAction(createSecretSpec, { environment: 'production', name: 'DB_PASSWORD', value: 's3cret', kind: 'env_var' }, { actor, meta });
  return { cast, actor, sessionId, meta, recoveryCodes: recoveryCodes!, secretId: (created.value as { id: string }).id };
}

const ageSecondFactor = (sessionId: string, minutes: number) =>
  db
    .update(sessions)
    .set({ secondFactorAt: new Date(Date.now() - minutes * 60_000) })
    .where(eq(sessions.id, sessionId));

describe('step-up: a fresh second factor for what matters', () => {
  it('revealing a production secret: accepted within 10 minutes of the factor, refused after, accepted again with a code', async () => {
    const { actor, sessionId, meta, secretId, recoveryCodes } = await signedInWithFactor();
    expect((await executeAction(revealSecretSpec, { secretId }, { actor, meta })).result).toMatchObject({ ok: true, data: { value: 's3cret' } });

    await ageSecondFactor(sessionId, 11);
    const stale = (await loadActor(db, actor.userId, { sessionId }))!;
    const refused = await executeAction(revealSecretSpec, { secretId }, { actor: stale, meta });
    expect(refused.result).toEqual({ ok: false, error: stepUpMessage, fieldErrors: { stepUpCode: [stepUpMessage] } });

    const wrong = await executeAction(revealSecretSpec, { secretId, stepUpCode: '123456' }, { actor: stale, meta });
    expect(wrong.result).toMatchObject({ ok: false, fieldErrors: { stepUpCode: ['That code is not right, or was already used.'] } });

    const confirmed = await executeAction(revealSecretSpec, { secretId, stepUpCode: recoveryCodes[0] }, { actor: stale, meta });
    expect(confirmed.result).toMatchObject({ ok: true, data: { value: 's3cret' } });
    // The session is fresh again for the next 10 minutes.
    const fresh = (await loadActor(db, actor.userId, { sessionId }))!;
    expect((await executeAction(revealSecretSpec, { secretId }, { actor: fresh, meta })).result.ok).toBe(true);
  });

  it('changing a security policy needs it too; a person without a factor is not asked', async () => {
    const { cast, actor, sessionId, meta } = await signedInWithFactor();
    await ageSecondFactor(sessionId, 30);
    const stale = (await loadActor(db, actor.userId, { sessionId }))!;
    expect((await executeAction(setOrganizationTwoFactorSpec, { required: 'true' }, { actor: stale, meta })).result).toMatchObject({
      ok: false,
      fieldErrors: { stepUpCode: [stepUpMessage] },
    });
    // The developer has no factor: a step-up cannot be asked of them (their policy decides what they may do).
    const secretId = (
      await executeAction(createSecretSpec, { environment: 'development', name: 'X', value: 'y', kind: 'env_var' }, { actor: cast.developer, meta: testMeta })
    ).value as { id: string };
    expect((await executeAction(revealSecretSpec, { secretId: secretId.id }, { actor: cast.developer, meta: testMeta })).result.ok).toBe(true);
  });

  it('a development secret needs no step-up', async () => {
    const { actor, sessionId, meta } = await signedInWithFactor();
    await ageSecondFactor(sessionId, 30);
    const stale = (await loadActor(db, actor.userId, { sessionId }))!;
    const created = await executeAction(
      createSecretSpec,
      { environment: 'development', name: 'DEV_ONLY', value: 'v', kind: 'env_var' },
      { actor: stale, meta },
    );
    const outcome = await executeAction(revealSecretSpec, { secretId: (created.value as { id: string }).id }, { actor: stale, meta });
    expect(outcome.result).toMatchObject({ ok: true, data: { value: 'v' } });
  });
});
