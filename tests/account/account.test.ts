import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, users } from '@/db/schema';
import { changePasswordSpec } from '@/lib/account/change-password';
import { updateProfileSpec } from '@/lib/account/update-profile';
import { executeAction } from '@/lib/actions/execute-action';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { actorOf, createOrg, createUser, testMeta, TEST_PASSWORD } from '../support/fixtures';

describe('account page actions', () => {
  it('changes the name and records it', async () => {
    const org = await createOrg();
    const user = await createUser({ org: { id: org.id, role: 'developer' } });
    const { result } = await executeAction(updateProfileSpec, { name: '  Renamed Person ' }, { actor: await actorOf(user.id), meta: testMeta });
    expect(result).toMatchObject({ ok: true });
    const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, user.id));
    expect(row?.name).toBe('Renamed Person');
    const trail = await db.select().from(auditLogs).where(eq(auditLogs.targetId, user.id));
    expect(trail).toMatchObject([{ action: 'user.update_profile', partnerId: org.id }]);
  });

  it('changes the password only with the right current one', async () => {
    const user = await createUser();
    const actor = await actorOf(user.id);
    const wrong = await executeAction(
      changePasswordSpec,
      { currentPassword: 'not it', newPassword: 'brand new password', confirmPassword: 'brand new password' },
      { actor, meta: testMeta },
    );
    expect(!wrong.result.ok && wrong.result.fieldErrors?.currentPassword?.[0]).toBe('That is not your current password');
    expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip: '192.0.2.1' })).toMatchObject({ ok: true });

    const mismatch = await executeAction(
      changePasswordSpec,
      { currentPassword: TEST_PASSWORD, newPassword: 'brand new password', confirmPassword: 'brand new passw0rd' },
      { actor, meta: testMeta },
    );
    expect(!mismatch.result.ok && mismatch.result.fieldErrors?.confirmPassword?.[0]).toBe('The passwords do not match');

    const ok = await executeAction(
      changePasswordSpec,
      { currentPassword: TEST_PASSWORD, newPassword: 'brand new password', confirmPassword: 'brand new password' },
      { actor, meta: testMeta },
    );
    expect(ok.result).toMatchObject({ ok: true });
    expect(await verifyCredentials(db, { email: user.email, password: 'brand new password', ip: '192.0.2.1' })).toMatchObject({ ok: true });
    expect(await verifyCredentials(db, { email: user.email, password: TEST_PASSWORD, ip: '192.0.2.2' })).toMatchObject({ ok: false });
  });
});
