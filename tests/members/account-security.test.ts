import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { users } from '@/db/schema';
import { changePasswordSpec } from '@/lib/account/change-password';
import { executeAction } from '@/lib/actions/execute-action';
import { loadActor } from '@/lib/auth/actor';
import { createSession } from '@/lib/auth/sessions';
import { setUserDisabledSpec } from '@/lib/users/set-user-disabled';
import { actorOf, createCast, createUser, testMeta, TEST_PASSWORD } from '../support/fixtures';

describe('account security', () => {
  it('changing the password ends the other sessions, not the current one nor those signed in after', async () => {
    const user = await createUser();
    const current = await createSession(db, { userId: user.id });
    const other = await createSession(db, { userId: user.id });
    expect(await loadActor(db, user.id, { sessionId: other })).not.toBeNull();
    const { result } = await executeAction(
      changePasswordSpec,
      { currentPassword: TEST_PASSWORD, newPassword: 'a new long password', confirmPassword: 'a new long password' },
      { actor: await actorOf(user.id), meta: { ...testMeta, sessionId: current } },
    );
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/other sessions were signed out/) });
    expect(await loadActor(db, user.id, { sessionId: other })).toBeNull();
    expect(await loadActor(db, user.id, { sessionId: current })).not.toBeNull();
    expect(await loadActor(db, user.id, { sessionId: await createSession(db, { userId: user.id }) })).not.toBeNull();
  });

  it('an admin disables a user, effective at once, and enables them again; nobody disables themselves', async () => {
    const { admin, support, developer } = await createCast();
    const meta = { meta: testMeta };
    expect((await executeAction(setUserDisabledSpec, { userId: developer.userId, disabled: 'true' }, { actor: support, ...meta })).result.ok).toBe(false);
    expect((await executeAction(setUserDisabledSpec, { userId: admin.userId, disabled: 'true' }, { actor: admin, ...meta })).result).toMatchObject({
      ok: false,
      error: 'You cannot disable your own account.',
    });
    expect((await executeAction(setUserDisabledSpec, { userId: developer.userId, disabled: 'true' }, { actor: admin, ...meta })).result.ok).toBe(true);
    expect(await loadActor(db, developer.userId)).toBeNull();
    expect((await executeAction(setUserDisabledSpec, { userId: developer.userId, disabled: 'false' }, { actor: admin, ...meta })).result.ok).toBe(true);
    const [row] = await db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, developer.userId));
    expect(row?.disabledAt).toBeNull();
  });
});
