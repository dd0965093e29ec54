import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { memberships, partners, users } from '@/db/schema';
import { loadActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { createOrg, createUser } from '../support/fixtures';

describe('the actor is read fresh on every request', () => {
  it('a role change takes effect on the next load', async () => {
    const org = await createOrg();
    const user = await createUser({ org: { id: org.id, role: 'developer' } });
    const before = await loadActor(db, user.id);
    expect(can(before, 'key.write', { partnerId: org.id, keyEnvironment: 'live' })).toBe(false);
    await db.update(memberships).set({ role: 'partner_admin' }).where(eq(memberships.userId, user.id));
    const after = await loadActor(db, user.id);
    expect(after?.membership?.role).toBe('partner_admin');
    expect(can(after, 'key.write', { partnerId: org.id, keyEnvironment: 'live' })).toBe(true);
  });

  it('a disabled user has no actor', async () => {
    const user = await createUser({ staffRole: 'admin' });
    expect(await loadActor(db, user.id)).not.toBeNull();
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect(await loadActor(db, user.id)).toBeNull();
  });

  it("an organization's suspension makes its users read-only at once", async () => {
    const org = await createOrg();
    const user = await createUser({ org: { id: org.id, role: 'partner_admin' } });
    await db.update(partners).set({ status: 'suspended' }).where(eq(partners.id, org.id));
    const actor = await loadActor(db, user.id);
    expect(actor?.membership?.partnerStatus).toBe('suspended');
    expect(can(actor, 'member.manage', { partnerId: org.id })).toBe(false);
    expect(can(actor, 'partner.read', { partnerId: org.id })).toBe(true);
  });

  it('an unknown user id has no actor', async () => {
    expect(await loadActor(db, 'usr_unknown')).toBeNull();
  });
});
