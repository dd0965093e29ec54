import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, memberships, sessions } from '@/db/schema';
import { organizationsToSwitch, switchOrganizationSpec } from '@/lib/account/switch-organization';
import { executeAction } from '@/lib/actions/execute-action';
import { loadActor } from '@/lib/auth/actor';
import { tenantOf } from '@/lib/auth/tenant';
import { openSignInSession } from '@/lib/identity/open-session';
import { listKeys } from '@/lib/keys/list-keys';
import { newId } from '@/lib/ids';
import { createOrg, createUser, testMeta } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

const keysQuery = { page: 1, pageSize: 25, sort: 'name' as const, direction: 'asc' as const, q: '' };

/** A user who is partner_admin of Alpha (the older membership) and developer of Beta, each with a key, signed in twice. */
async function twoOrganizationUser() {
  const alpha = await createOrg({ name: 'Alpha Switch' });
  const beta = await createOrg({ name: 'Beta Switch' });
  const user = await createUser({ org: { id: alpha.id, role: 'partner_admin' } });
  await db.insert(memberships).values({ id: newId('mem'), partnerId: beta.id, userId: user.id, role: 'developer', createdAt: new Date(Date.now() + 1000) });
  await issueKey(alpha.id, { name: 'alpha key' });
  await issueKey(beta.id, { name: 'beta key' });
  const session = await openSignInSession(db, user, { method: 'password', ip: testMeta.ip, userAgent: testMeta.userAgent });
  const otherSession = await openSignInSession(db, user, { method: 'password', ip: testMeta.ip, userAgent: testMeta.userAgent });
  return { alpha, beta, user, session, otherSession };
}

async function actorIn(userId: string, sessionId: string) {
  const actor = await loadActor(db, userId, { sessionId });
  if (!actor) throw new Error('no actor');
  return actor;
}

async function keyNames(userId: string, sessionId: string) {
  const page = await listKeys(tenantOf(await actorIn(userId, sessionId)), keysQuery);
  return page.rows.map((r) => r.keyName);
}

describe('the organization switcher', () => {
  it('lists both organizations; switching makes the session work in the second one, with its role and data', async () => {
    const { alpha, beta, user, session, otherSession } = await twoOrganizationUser();
    const before = await actorIn(user.id, session);
    expect(before.membership).toMatchObject({ partnerId: alpha.id, role: 'partner_admin' });
    expect((await organizationsToSwitch(before)).map((o) => o.name)).toEqual(['Alpha Switch', 'Beta Switch']);
    expect(await keyNames(user.id, session)).toEqual(['alpha key']);

    const { result } = await executeAction(switchOrganizationSpec, { partnerId: beta.id }, { actor: before, meta: { ...testMeta, sessionId: session } });
    expect(result).toEqual({ ok: true, message: 'Switched to Beta Switch.' });

    const after = await actorIn(user.id, session);
    expect(after.membership).toMatchObject({ partnerId: beta.id, partnerName: 'Beta Switch', role: 'developer' });
    expect(await keyNames(user.id, session)).toEqual(['beta key']);
    // Another browser's session keeps its own organization.
    expect((await actorIn(user.id, otherSession)).membership?.partnerId).toBe(alpha.id);

    const [audit] = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'session.switch_organization'), eq(auditLogs.actorId, user.id)));
    expect(audit).toMatchObject({ partnerId: beta.id, targetId: session, metadata: { from: alpha.id, to: beta.id, role: 'developer' } });

    // Removed from Beta: the session's choice is no longer honoured, and the oldest membership is back.
    await db.delete(memberships).where(and(eq(memberships.userId, user.id), eq(memberships.partnerId, beta.id)));
    expect((await actorIn(user.id, session)).membership).toMatchObject({ partnerId: alpha.id, role: 'partner_admin' });
  });

  it('refuses an organization the user is not a member of as not found, and changes nothing', async () => {
    const { alpha, user, session } = await twoOrganizationUser();
    const foreign = await createOrg({ name: 'Foreign Switch' });
    const actor = await actorIn(user.id, session);
    for (const partnerId of [foreign.id, 'org_does_not_exist']) {
      const { result } = await executeAction(switchOrganizationSpec, { partnerId }, { actor, meta: { ...testMeta, sessionId: session } });
      expect(result).toEqual({ ok: false, error: 'That organization was not found.' });
    }
    const [row] = await db.select({ activePartnerId: sessions.activePartnerId }).from(sessions).where(eq(sessions.id, session));
    expect(row?.activePartnerId).toBeNull();
    expect((await actorIn(user.id, session)).membership?.partnerId).toBe(alpha.id);
    expect(
      await db
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.action, 'session.switch_organization'), eq(auditLogs.actorId, user.id))),
    ).toEqual([]);

    // A session row forged to point at the foreign organization is not honoured either.
    await db.update(sessions).set({ activePartnerId: foreign.id }).where(eq(sessions.id, session));
    expect((await actorIn(user.id, session)).membership?.partnerId).toBe(alpha.id);
  });

  it('is not offered to people in one organization, nor to staff', async () => {
    const solo = await createOrg();
    const user = await createUser({ org: { id: solo.id, role: 'developer' } });
    const staff = await createUser({ staffRole: 'support' });
    expect(await organizationsToSwitch((await loadActor(db, user.id))!)).toEqual([]);
    expect(await organizationsToSwitch((await loadActor(db, staff.id))!)).toEqual([]);
  });
});
