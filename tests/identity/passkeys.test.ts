import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, organizationSecurity, passkeys, sessions } from '@/db/schema';
import { finishPasskeyRegistrationSpec, removePasskeySpec, startPasskeyRegistrationSpec } from '@/lib/account/passkeys';
import { executeAction } from '@/lib/actions/execute-action';
import type { RequestMeta } from '@/lib/audit/write-audit-log';
import { loadSessionActor } from '@/lib/auth/actor';
import { openSignInSession } from '@/lib/identity/open-session';
import { encodePasskeyAnswer } from '@/lib/identity/passkey-answer';
import { startPasskeyAssertion, verifyPasskeyAssertion } from '@/lib/identity/passkey-assertion';
import { passkeyAvailability, passkeyRelyingParty, type RelyingParty } from '@/lib/identity/passkey-relying-party';
import { completeSecondFactorSignIn } from '@/lib/identity/second-factor-sign-in';
import { revealSecretSpec } from '@/lib/secrets/read-secrets';
import { createSecretSpec } from '@/lib/secrets/write-secrets';
import { twoFactorStatus } from '@/lib/identity/two-factor-policy';
import { WEBAUTHN_CHALLENGE_TTL_MS } from '@/lib/identity/webauthn-challenges';
import { actorOf, createOrg, createUser, testMeta } from '../support/fixtures';
import { SoftAuthenticator } from '../support/soft-authenticator';

const ORIGIN = 'https://portal.test';
const rp: RelyingParty = { rpID: 'portal.test', rpName: 'Partner Portal', origin: ORIGIN };
const meta: RequestMeta = { ...testMeta, origin: ORIGIN };

/** A user who added a passkey of `authenticator` through the account page's two actions. */
async function userWithPasskey(options: { org?: { id: string; role: 'partner_admin' | 'developer' } } = {}) {
  const user = await createUser(options);
  const actor = await actorOf(user.id);
  const authenticator = new SoftAuthenticator(rp.rpID, ORIGIN);
  const started = await executeAction(startPasskeyRegistrationSpec, {}, { actor, meta });
  expect(started.result).toMatchObject({ ok: true });
  const { challengeId, options: creation } = started.value!;
  const finished = await executeAction(
    finishPasskeyRegistrationSpec,
    { challengeId, credential: JSON.stringify(authenticator.register(creation)), name: 'Laptop' },
    { actor, meta },
  );
  expect(finished.result, JSON.stringify(finished.result)).toMatchObject({ ok: true, message: 'Passkey “Laptop” added. You can sign in with it.' });
  return { user, actor, authenticator, passkeyId: finished.value!.id };
}

describe('passkeys: enrolment', () => {
  it('a verified attestation adds the passkey (audited), and it counts as a second factor', async () => {
    const { user, authenticator, passkeyId } = await userWithPasskey();
    const [row] = await db.select().from(passkeys).where(eq(passkeys.id, passkeyId));
    expect(row).toMatchObject({ userId: user.id, credentialId: authenticator.id, name: 'Laptop', counter: 0 });
    const [audit] = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'factor.add'), eq(auditLogs.targetId, passkeyId)));
    expect(audit?.metadata).toMatchObject({ kind: 'passkey', name: 'Laptop' });
    expect(await twoFactorStatus(db, user.id)).toMatchObject({ hasSecondFactor: true });
  });

  it('refuses an attestation for another origin, a reused challenge and another user’s challenge', async () => {
    const user = await createUser();
    const actor = await actorOf(user.id);
    const authenticator = new SoftAuthenticator(rp.rpID, ORIGIN);
    const { challengeId, options } = (await executeAction(startPasskeyRegistrationSpec, {}, { actor, meta })).value!;

    const phished = await executeAction(
      finishPasskeyRegistrationSpec,
      { challengeId, credential: JSON.stringify(authenticator.register(options, { origin: 'https://portal.evil.test' })) },
      { actor, meta },
    );
    expect(phished.result).toMatchObject({ ok: false, fieldErrors: { credential: ['The passkey could not be verified. Try again.'] } });
    // A refused answer changes nothing (the action rolls back); the right one is accepted once.
    const right = await executeAction(
      finishPasskeyRegistrationSpec,
      { challengeId, credential: JSON.stringify(authenticator.register(options)) },
      { actor, meta },
    );
    expect(right.result).toMatchObject({ ok: true });
    const second = new SoftAuthenticator(rp.rpID, ORIGIN);
    const again = await executeAction(finishPasskeyRegistrationSpec, { challengeId, credential: JSON.stringify(second.register(options)) }, { actor, meta });
    expect(again.result).toMatchObject({ ok: false, fieldErrors: { credential: ['This passkey prompt has expired. Start again.'] } });

    const other = await actorOf((await createUser()).id);
    const fresh = (await executeAction(startPasskeyRegistrationSpec, {}, { actor, meta })).value!;
    const stolen = await executeAction(
      finishPasskeyRegistrationSpec,
      { challengeId: fresh.challengeId, credential: JSON.stringify(second.register(fresh.options)) },
      { actor: other, meta },
    );
    expect(stolen.result).toMatchObject({ ok: false, fieldErrors: { credential: ['This passkey prompt has expired. Start again.'] } });
    expect(await db.select({ userId: passkeys.userId }).from(passkeys).where(eq(passkeys.credentialId, second.id))).toEqual([]);
    expect(await db.select({ userId: passkeys.userId }).from(passkeys).where(eq(passkeys.credentialId, authenticator.id))).toEqual([{ userId: user.id }]);

    const garbage = await executeAction(finishPasskeyRegistrationSpec, { challengeId: fresh.challengeId, credential: '{not json' }, { actor, meta });
    expect(garbage.result).toMatchObject({ ok: false, fieldErrors: { credential: ['The browser’s answer could not be read. Try again.'] } });
  });

  it('needs a host name: an IP address or plain http (but localhost) has no passkeys', () => {
    expect(passkeyRelyingParty('http://127.0.0.1:3000', {})).toMatchObject({ ok: false });
    expect(passkeyRelyingParty('http://portal.example.com', {})).toMatchObject({ ok: false });
    expect(passkeyRelyingParty('http://127.0.0.1:3000', { PASSKEY_ORIGIN: 'http://localhost:3000' })).toEqual({
      ok: true,
      rp: { rpID: 'localhost', rpName: 'Partner Portal', origin: 'http://localhost:3000' },
    });
    expect(passkeyRelyingParty('https://partners.example.com', {})).toMatchObject({ ok: true, rp: { rpID: 'partners.example.com' } });
    // A page on the other name gets a link to the right one.
    expect(passkeyAvailability('127.0.0.1:3000', 'http://127.0.0.1:3000', { PASSKEY_ORIGIN: 'http://localhost:3000' })).toEqual({
      ok: false,
      reason: 'Passkeys work on http://localhost:3000.',
      openAt: 'http://localhost:3000',
    });
    expect(passkeyAvailability('localhost:3000', 'http://127.0.0.1:3000', { PASSKEY_ORIGIN: 'http://localhost:3000' })).toEqual({ ok: true });
  });
});

describe('passkeys: signing in', () => {
  it('a passwordless sign-in verifies the signature, stores the counter and names the user', async () => {
    const { user, authenticator, passkeyId } = await userWithPasskey();
    const { challengeId, options } = await startPasskeyAssertion(db, { purpose: 'sign_in', userId: null }, rp);
    expect(options.allowCredentials).toEqual([]); // discoverable: the browser offers its own
    const result = await verifyPasskeyAssertion(db, { purpose: 'sign_in', challengeId, response: authenticator.assert(options), userId: null }, rp);
    expect(result).toMatchObject({ ok: true, user: { id: user.id, email: user.email }, passkeyId });
    const [row] = await db.select().from(passkeys).where(eq(passkeys.id, passkeyId));
    expect(row?.counter).toBe(1);
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
    // The session it opens is active at once (both factors) and counts as a fresh second factor.
    const sessionId = await openSignInSession(db, user, { method: 'passkey', ip: testMeta.ip, userAgent: testMeta.userAgent });
    const loaded = await loadSessionActor(db, user.id, { sessionId });
    expect(loaded?.gate).toBe('ok');
    expect(loaded?.actor.secondFactor?.verifiedAt).toBeInstanceOf(Date);
  });

  it('a challenge works once and only within its lifetime', async () => {
    const { authenticator } = await userWithPasskey();
    const now = new Date();
    const first = await startPasskeyAssertion(db, { purpose: 'sign_in', userId: null }, rp, now);
    const answer = authenticator.assert(first.options);
    expect(await verifyPasskeyAssertion(db, { purpose: 'sign_in', challengeId: first.challengeId, response: answer, userId: null }, rp, now)).toMatchObject({
      ok: true,
    });
    // Replayed: the same answer to the same challenge.
    expect(await verifyPasskeyAssertion(db, { purpose: 'sign_in', challengeId: first.challengeId, response: answer, userId: null }, rp, now)).toEqual({
      ok: false,
      reason: 'expired',
    });
    // Answered after the challenge's lifetime.
    const late = await startPasskeyAssertion(db, { purpose: 'sign_in', userId: null }, rp, now);
    const after = new Date(now.getTime() + WEBAUTHN_CHALLENGE_TTL_MS + 1000);
    expect(
      await verifyPasskeyAssertion(
        db,
        { purpose: 'sign_in', challengeId: late.challengeId, response: authenticator.assert(late.options), userId: null },
        rp,
        after,
      ),
    ).toEqual({ ok: false, reason: 'expired' });
    // A challenge of another purpose (a second factor's) does not sign in.
    const { user } = await userWithPasskey();
    const other = await startPasskeyAssertion(db, { purpose: 'second_factor', userId: user.id }, rp, now);
    expect(
      await verifyPasskeyAssertion(
        db,
        { purpose: 'sign_in', challengeId: other.challengeId, response: authenticator.assert(other.options), userId: null },
        rp,
        now,
      ),
    ).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses an unknown passkey, another origin, a counter that does not move (a clone) and a sign-in without user verification', async () => {
    const { authenticator, user } = await userWithPasskey();
    const start = () => startPasskeyAssertion(db, { purpose: 'sign_in', userId: null }, rp);
    const verify = (challengeId: string, response: ReturnType<SoftAuthenticator['assert']>) =>
      verifyPasskeyAssertion(db, { purpose: 'sign_in', challengeId, response, userId: null }, rp);

    let c = await start();
    expect(await verify(c.challengeId, new SoftAuthenticator(rp.rpID, ORIGIN).assert(c.options))).toEqual({ ok: false, reason: 'unknown_passkey' });
    c = await start();
    expect(await verify(c.challengeId, authenticator.assert(c.options, { origin: 'https://portal.evil.test' }))).toEqual({
      ok: false,
      reason: 'invalid',
      userId: user.id,
    });
    c = await start();
    expect(await verify(c.challengeId, authenticator.assert(c.options, { userVerified: false }))).toMatchObject({ ok: false, reason: 'invalid' });

    c = await start();
    expect(await verify(c.challengeId, authenticator.assert(c.options, { counter: 5 }))).toMatchObject({ ok: true });
    // A copy of the key still at counter 5 (or lower) is refused.
    c = await start();
    expect(await verify(c.challengeId, authenticator.assert(c.options, { counter: 5 }))).toMatchObject({ ok: false, reason: 'invalid' });
    c = await start();
    expect(await verify(c.challengeId, authenticator.assert(c.options, { counter: 3 }))).toMatchObject({ ok: false, reason: 'invalid' });
    c = await start();
    expect(await verify(c.challengeId, authenticator.assert(c.options, { counter: 6 }))).toMatchObject({ ok: true });
  });

  it('verifies an ES256 signature whose r or s is short (one in about 128 from any authenticator)', async () => {
    const { authenticator } = await userWithPasskey();
    const c = await startPasskeyAssertion(db, { purpose: 'sign_in', userId: null }, rp);
    const response = authenticator.assert(c.options, { shortSignature: true });
    expect(await verifyPasskeyAssertion(db, { purpose: 'sign_in', challengeId: c.challengeId, response, userId: null }, rp)).toMatchObject({ ok: true });
  });
});

describe('passkeys: as the second factor', () => {
  it('opens a password sign-in’s session; another user’s passkey or a used challenge does not', async () => {
    const { user, authenticator } = await userWithPasskey();
    const sessionId = await openSignInSession(db, user, { method: 'password', ip: testMeta.ip, userAgent: testMeta.userAgent });
    expect((await loadSessionActor(db, user.id, { sessionId }))?.gate).toBe('second_factor');
    const base = { userId: user.id, email: user.email, sessionId, ip: '198.51.100.9', userAgent: 'vitest', origin: ORIGIN };

    // A passkey of someone else, answering this user's challenge.
    const stranger = await userWithPasskey();
    let c = await startPasskeyAssertion(db, { purpose: 'second_factor', userId: user.id }, rp);
    expect(c.options.allowCredentials?.map((d) => d.id)).toEqual([authenticator.id]);
    expect(
      await completeSecondFactorSignIn({ ...base, code: encodePasskeyAnswer(c.challengeId, JSON.stringify(stranger.authenticator.assert(c.options))) }),
    ).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect((await loadSessionActor(db, user.id, { sessionId }))?.gate).toBe('second_factor');

    c = await startPasskeyAssertion(db, { purpose: 'second_factor', userId: user.id }, rp);
    const code = encodePasskeyAnswer(c.challengeId, JSON.stringify(authenticator.assert(c.options)));
    expect(await completeSecondFactorSignIn({ ...base, code })).toEqual({ ok: true, kind: 'passkey' });
    expect((await loadSessionActor(db, user.id, { sessionId }))?.gate).toBe('ok');
    const [row] = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'user.second_factor'), eq(auditLogs.targetId, sessionId)));
    expect(row?.metadata).toMatchObject({ kind: 'passkey', purpose: 'sign_in' });
    // The same answer again (a step-up replay): refused.
    expect(await completeSecondFactorSignIn({ ...base, code })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('confirms a step-up: the prompt offers it, and its answer in the code field makes the session fresh', async () => {
    const org = await createOrg();
    const { user, authenticator } = await userWithPasskey({ org: { id: org.id, role: 'partner_admin' } });
    const sessionId = await openSignInSession(db, user, { method: 'passkey', ip: testMeta.ip, userAgent: testMeta.userAgent });
    const stepMeta = { ...meta, sessionId };
    const actor = (await loadSessionActor(db, user.id, { sessionId }))!.actor;
    const created = await executeAction(
      createSecretSpec,
      { environment: 'production', name: 'DB_PASSWORD', value: 's3cret', kind: 'env_var' },
      { actor, meta: stepMeta },
    );
    const secretId = (created.value as { id: string }).id;
    await db
      .update(sessions)
      .set({ secondFactorAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(sessions.id, sessionId));
    const stale = (await loadSessionActor(db, user.id, { sessionId }))!.actor;
    const refused = await executeAction(revealSecretSpec, { secretId }, { actor: stale, meta: stepMeta });
    expect(refused.result).toMatchObject({ ok: false, fieldErrors: { stepUpCode: [expect.any(String)], stepUpPasskey: [expect.any(String)] } });

    const c = await startPasskeyAssertion(db, { purpose: 'second_factor', userId: user.id }, rp);
    const stepUpCode = encodePasskeyAnswer(c.challengeId, JSON.stringify(authenticator.assert(c.options)));
    const confirmed = await executeAction(revealSecretSpec, { secretId, stepUpCode }, { actor: stale, meta: stepMeta });
    expect(confirmed.result).toMatchObject({ ok: true, data: { value: 's3cret' } });
    const [audit] = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'user.second_factor'), eq(auditLogs.targetId, sessionId)));
    expect(audit?.metadata).toMatchObject({ kind: 'passkey', purpose: 'step_up' });
  });

  it('the last passkey cannot be removed while two-factor is required; removing is audited', async () => {
    const org = await createOrg();
    const { actor, user, passkeyId } = await userWithPasskey({ org: { id: org.id, role: 'developer' } });
    await db.insert(organizationSecurity).values({ partnerId: org.id, requireTwoFactor: true });
    const refused = await executeAction(removePasskeySpec, { passkeyId }, { actor, meta });
    expect(refused.result).toMatchObject({ ok: false, fieldErrors: { passkeyId: [expect.stringContaining('add another factor')] } });
    expect(await db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.userId, user.id))).toHaveLength(1);

    await db.update(organizationSecurity).set({ requireTwoFactor: false }).where(eq(organizationSecurity.partnerId, org.id));
    const removed = await executeAction(removePasskeySpec, { passkeyId }, { actor, meta });
    expect(removed.result).toMatchObject({ ok: true });
    const [audit] = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'factor.remove'), eq(auditLogs.targetId, passkeyId)));
    expect(audit?.metadata).toMatchObject({ kind: 'passkey', last: true });
    // Another user's passkey id is not found (404), whoever asks.
    const { passkeyId: foreign } = await userWithPasskey();
    expect((await executeAction(removePasskeySpec, { passkeyId: foreign }, { actor, meta })).result).toMatchObject({ ok: false });
    expect(await db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.id, foreign))).toHaveLength(1);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });
});
