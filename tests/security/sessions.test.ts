import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { sessions } from '@/db/schema';
import { changePasswordSpec } from '@/lib/account/change-password';
import { signOutOtherSessionsSpec } from '@/lib/account/sign-out-other-sessions';
import { executeAction } from '@/lib/actions/execute-action';
import { loadActor } from '@/lib/auth/actor';
import { baseAuthConfig } from '@/lib/auth/auth-config';
import { createSession, revokeSessionOfToken, SESSION_IDLE_MS, sessionIsOpen } from '@/lib/auth/sessions';
import { setUserDisabledSpec } from '@/lib/users/set-user-disabled';
import { createLiveStream } from '@/lib/usage/live';
import { actorOf, createCast, createUser, testMeta, TEST_PASSWORD } from '../support/fixtures';

process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret-32';

const signIn = (userId: string) => createSession(db, { userId, ip: testMeta.ip, userAgent: 'vitest' });
const actorFor = (userId: string, sessionId: string) => loadActor(db, userId, { sessionId });

describe('server-side sessions', () => {
  it('the JWT carries the session id, and nothing else decides about the session', async () => {
    const { callbacks } = baseAuthConfig();
    const token = await callbacks!.jwt!({ token: {}, user: { id: 'usr_1', sessionId: 'ses_1' } } as never);
    expect(token).toMatchObject({ sub: 'usr_1', sid: 'ses_1' });
    const session = await callbacks!.session!({ session: { user: {} }, token } as never);
    expect(session).toMatchObject({ user: { id: 'usr_1' }, sessionId: 'ses_1' });
  });

  it('a copied session (the JWT) is refused once its owner signs out', async () => {
    const user = await createUser();
    const sid = await signIn(user.id);
    expect(await actorFor(user.id, sid)).not.toBeNull();
    // What Auth.js's signOut event does with the decoded token.
    await revokeSessionOfToken(db, { sub: user.id, sid });
    expect(await actorFor(user.id, sid)).toBeNull();
    // Another session of the same user, or a made-up id, proves nothing either.
    expect(await actorFor(user.id, 'ses_made_up')).toBeNull();
    const other = await createUser();
    const otherSid = await signIn(other.id);
    expect(await actorFor(user.id, otherSid)).toBeNull();
  });

  it('a password change ends every other session at once and keeps the one that changed it', async () => {
    const user = await createUser();
    const [here, there] = [await signIn(user.id), await signIn(user.id)];
    const { result } = await executeAction(
      changePasswordSpec,
      { currentPassword: TEST_PASSWORD, newPassword: 'a new long password', confirmPassword: 'a new long password' },
      { actor: await actorOf(user.id), meta: { ...testMeta, sessionId: here } },
    );
    expect(result).toMatchObject({ ok: true });
    expect(await actorFor(user.id, here)).not.toBeNull();
    expect(await actorFor(user.id, there)).toBeNull();
  });

  it('disabling a user ends their sessions; enabling them again does not bring them back', async () => {
    const { admin, developer } = await createCast();
    const sid = await signIn(developer.userId);
    expect((await executeAction(setUserDisabledSpec, { userId: developer.userId, disabled: 'true' }, { actor: admin, meta: testMeta })).result.ok).toBe(true);
    expect(await actorFor(developer.userId, sid)).toBeNull();
    expect((await executeAction(setUserDisabledSpec, { userId: developer.userId, disabled: 'false' }, { actor: admin, meta: testMeta })).result.ok).toBe(true);
    expect(await actorFor(developer.userId, sid)).toBeNull();
    expect(await actorFor(developer.userId, await signIn(developer.userId))).not.toBeNull();
  });

  it('"sign out other sessions" keeps only the current one', async () => {
    const user = await createUser();
    const [a, b, c] = [await signIn(user.id), await signIn(user.id), await signIn(user.id)];
    const { result } = await executeAction(signOutOtherSessionsSpec, {}, { actor: await actorOf(user.id), meta: { ...testMeta, sessionId: a } });
    expect(result).toMatchObject({ ok: true, message: 'Signed out of 2 other sessions.' });
    expect(await actorFor(user.id, a)).not.toBeNull();
    expect(await actorFor(user.id, b)).toBeNull();
    expect(await actorFor(user.id, c)).toBeNull();
  });

  it('sessions slide: used ones are extended (at most once per interval), idle ones expire', async () => {
    const user = await createUser();
    const sid = await signIn(user.id);
    const tenMinutesAgo = new Date(Date.now() - 10 * 60 * 1000);
    const soon = new Date(Date.now() + 60 * 1000);
    await db.update(sessions).set({ lastSeenAt: tenMinutesAgo, expiresAt: soon }).where(eq(sessions.id, sid));
    expect(await actorFor(user.id, sid)).not.toBeNull();
    const [touched] = await db.select().from(sessions).where(eq(sessions.id, sid));
    expect(touched!.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_IDLE_MS - 60_000);
    expect(touched!.lastSeenAt.getTime()).toBeGreaterThan(tenMinutesAgo.getTime());

    // Seen a minute ago: no write.
    const aMinuteAgo = new Date(Date.now() - 60 * 1000);
    await db.update(sessions).set({ lastSeenAt: aMinuteAgo }).where(eq(sessions.id, sid));
    await actorFor(user.id, sid);
    const [untouched] = await db.select().from(sessions).where(eq(sessions.id, sid));
    expect(untouched!.lastSeenAt.getTime()).toBe(aMinuteAgo.getTime());

    // Idle past its expiry: over.
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, sid));
    expect(await actorFor(user.id, sid)).toBeNull();
  });

  it('an open live-traffic stream ends within seconds of its session being revoked', async () => {
    const { partnerAdmin, org } = await createCast();
    const sid = await signIn(partnerAdmin.userId);
    const stream = createLiveStream(
      { partnerId: org.id },
      { recheckMs: 50, stillAllowed: () => sessionIsOpen(db, { userId: partnerAdmin.userId, sessionId: sid }) },
    );
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Still open a while later.
    await new Promise((r) => setTimeout(r, 200));
    await revokeSessionOfToken(db, { sid });
    const ended = (async () => {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return true;
      }
    })();
    await expect(Promise.race([ended, new Promise((r) => setTimeout(() => r(false), 2000))])).resolves.toBe(true);
  });
});
