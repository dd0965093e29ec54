import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { sessions } from '@/db/schema';
import { removeFactorSpec } from '@/lib/account/two-factor';
import { executeAction } from '@/lib/actions/execute-action';
import { loadActor, loadSessionActor } from '@/lib/auth/actor';
import { confirmTotpEnrolment, startTotpEnrolment } from '@/lib/identity/factors';
import { openSignInSession } from '@/lib/identity/open-session';
import { staffTwoFactorWarning, staffWithoutSecondFactor } from '@/lib/identity/two-factor-policy';
import { setOrganizationTwoFactorSpec, setStaffTwoFactorSpec } from '@/lib/identity/two-factor-settings';
import { actorOf, createCast, createOrg, createUser, testMeta } from '../support/fixtures';

const signIn = (user: { id: string; email: string }) => openSignInSession(db, user, { method: 'password', ip: '198.51.100.30', userAgent: 'vitest' });

async function enrol(userId: string, email: string) {
  const { factorId, secret } = await startTotpEnrolment(db, { userId, email });
  return confirmTotpEnrolment(db, userId, { factorId, code: await generate({ secret }) });
}

describe('two-factor policies', () => {
  it('an organization that requires two-factor stops its members without a factor until they enrol', async () => {
    const { org, partnerAdmin, developer } = await createCast();
    const sid = await signIn({ id: developer.userId, email: developer.email });
    expect(await loadActor(db, developer.userId, { sessionId: sid })).not.toBeNull();

    const { result } = await executeAction(setOrganizationTwoFactorSpec, { required: 'true' }, { actor: partnerAdmin, meta: testMeta });
    expect(result).toMatchObject({ ok: true });
    // At its very next request the open session is stopped: nothing works but the enrolment.
    expect(await loadActor(db, developer.userId, { sessionId: sid })).toBeNull();
    expect((await loadSessionActor(db, developer.userId, { sessionId: sid }))?.gate).toBe('enrol');

    const { factorId } = await enrol(developer.userId, developer.email);
    expect(await loadActor(db, developer.userId, { sessionId: sid })).not.toBeNull();

    // The last factor cannot go while the organization requires one.
    const removal = await executeAction(removeFactorSpec, { factorId }, { actor: await actorOf(developer.userId), meta: testMeta });
    expect(removal.result).toMatchObject({ ok: false, fieldErrors: { factorId: [expect.stringContaining('required')] } });

    // Another organization's members are not concerned.
    const other = await createUser({ org: { id: (await createOrg()).id, role: 'developer' } });
    expect(await loadActor(db, other.id, { sessionId: await signIn(other) })).not.toBeNull();
    expect(org.id).toBeTruthy();
  });

  it('a developer may not change the policy; a partner_admin may not change another organization’s', async () => {
    const { developer } = await createCast();
    const refused = await executeAction(setOrganizationTwoFactorSpec, { required: 'true' }, { actor: developer, meta: testMeta });
    expect(refused.result.ok).toBe(false);
    const other = await createCast();
    const foreign = await executeAction(
      setOrganizationTwoFactorSpec,
      { required: 'true', partnerId: (await createOrg()).id },
      { actor: other.partnerAdmin, meta: testMeta },
    );
    expect(foreign.result).toMatchObject({ ok: false, error: 'Not found' });
  });

  it('staff required: staff without a factor are sent to enrol, and npm start names them', async () => {
    const { admin, support } = await createCast();
    const sid = await signIn({ id: support.userId, email: support.email });
    expect(await executeAction(setStaffTwoFactorSpec, { required: 'true' }, { actor: admin, meta: testMeta })).toMatchObject({ result: { ok: true } });
    expect((await loadSessionActor(db, support.userId, { sessionId: sid }))?.gate).toBe('enrol');
    // The warning names the first five; the list behind it has every staff account without a factor.
    expect(await staffWithoutSecondFactor(db)).toContain(support.email);
    expect(await staffTwoFactorWarning(db)).toMatch(/two-factor sign-in is required for staff, but \d+ staff account/);
    await executeAction(setStaffTwoFactorSpec, { required: 'false' }, { actor: admin, meta: testMeta });
    expect((await loadSessionActor(db, support.userId, { sessionId: sid }))?.gate).toBe('ok');
    expect(await staffTwoFactorWarning(db, { NODE_ENV: 'production' })).toBeNull();
    const [row] = await db.select({ stage: sessions.stage }).from(sessions).where(eq(sessions.id, sid));
    expect(row?.stage).toBe('active');
  });
});
