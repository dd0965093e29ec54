import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, memberships, partners } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { loadActor } from '@/lib/auth/actor';
import { changeMemberRoleSpec } from '@/lib/members/change-member-role';
import { removeMemberSpec } from '@/lib/members/remove-member';
import { transferPrimaryContactSpec } from '@/lib/members/transfer-primary-contact';
import { tenantOf } from '@/lib/auth/tenant';
import { getOrganizationOverview } from '@/lib/partners/get-organization-overview';
import { updatePartnerProfileSpec, updatePartnerSettingsSpec } from '@/lib/partners/update-partner';
import { actorOf, createCast, createOrg, createUser, testMeta } from '../support/fixtures';

// The specs differ in their input and result types; these tests only look at the result the form gets.
type AnySpec = Parameters<typeof executeAction>[0];
const run = (spec: unknown, input: Record<string, unknown>, actor: Awaited<ReturnType<typeof actorOf>>) =>
  executeAction(spec as AnySpec, input, { actor, meta: testMeta }).then((o) => o.result);

async function membershipOf(userId: string) {
  const [m] = await db.select().from(memberships).where(eq(memberships.userId, userId));
  return m!;
}
const auditCount = async () => (await db.select({ n: count() }).from(auditLogs))[0]!.n;

describe('members', () => {
  it('the last partner_admin can be neither demoted nor removed; with a second one, both work', async () => {
    const { partnerAdmin, admin, org } = await createCast();
    const own = await membershipOf(partnerAdmin.userId);
    expect(await run(changeMemberRoleSpec, { membershipId: own.id, role: 'developer' }, partnerAdmin)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/last partner admin/),
    });
    expect(await run(removeMemberSpec, { membershipId: own.id }, admin)).toMatchObject({ ok: false, error: expect.stringMatching(/last partner admin/) });

    const second = await createUser({ org: { id: org.id, role: 'developer' } });
    const secondMembership = await membershipOf(second.id);
    const before = await auditCount();
    expect(await run(changeMemberRoleSpec, { membershipId: secondMembership.id, role: 'partner_admin' }, partnerAdmin)).toMatchObject({ ok: true });
    expect(await run(changeMemberRoleSpec, { membershipId: own.id, role: 'developer' }, await actorOf(second.id))).toMatchObject({ ok: true });
    expect(await auditCount()).toBe(before + 2);
    const [trail] = await db.select().from(auditLogs).where(eq(auditLogs.action, 'member.role_change')).limit(1);
    expect(trail?.metadata).toMatchObject({ from: 'developer', to: 'partner_admin' });
  });

  it('a removed member loses access at once; the primary contact must be transferred first', async () => {
    const org = await createOrg();
    const boss = await createUser({ org: { id: org.id, role: 'partner_admin' } });
    const deputy = await createUser({ org: { id: org.id, role: 'partner_admin' } });
    await db.update(partners).set({ primaryContactId: boss.id }).where(eq(partners.id, org.id));
    const bossActor = await actorOf(boss.id);
    const deputyActor = await actorOf(deputy.id);

    expect(await run(removeMemberSpec, { membershipId: (await membershipOf(boss.id)).id }, deputyActor)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/primary contact/),
    });
    // Nor demoted: the primary contact is always a partner admin.
    expect(await run(changeMemberRoleSpec, { membershipId: (await membershipOf(boss.id)).id, role: 'developer' }, deputyActor)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/primary contact/),
    });
    expect(await run(transferPrimaryContactSpec, { membershipId: (await membershipOf(deputy.id)).id }, bossActor)).toMatchObject({ ok: true });
    expect(await run(removeMemberSpec, { membershipId: (await membershipOf(boss.id)).id }, deputyActor)).toMatchObject({ ok: true });
    expect((await loadActor(db, boss.id))?.membership).toBeNull();
  });

  it("a partner_admin cannot read or change another organization's members (404)", async () => {
    const cast = await createCast();
    const other = await createOrg();
    const stranger = await createUser({ org: { id: other.id, role: 'developer' } });
    const foreignMembership = (await membershipOf(stranger.id)).id;
    // A partner user's tenant is their own organization whatever they name.
    expect((await getOrganizationOverview(tenantOf(cast.partnerAdmin, other.id))).organization.id).toBe(cast.org.id);
    for (const [spec, input] of [
      [changeMemberRoleSpec, { membershipId: foreignMembership, role: 'partner_admin' }],
      [removeMemberSpec, { membershipId: foreignMembership }],
      [transferPrimaryContactSpec, { membershipId: foreignMembership }],
      [updatePartnerProfileSpec, { partnerId: other.id, name: 'Hijacked', website: '', description: '' }],
    ] as const) {
      expect(await run(spec, input, cast.partnerAdmin)).toMatchObject({ ok: false, error: 'Not found' });
    }
    expect((await membershipOf(stranger.id)).role).toBe('developer');
  });

  it('support staff read every organization but cannot write; developers cannot manage members', async () => {
    const cast = await createCast();
    const overview = await getOrganizationOverview(tenantOf(cast.support, cast.org.id));
    expect(overview.members).toHaveLength(2);
    expect(overview.can).toEqual({ updateProfile: false, manageMembers: false, changeSettings: false, suspend: false });
    const devMembership = (await membershipOf(cast.developer.userId)).id;
    const before = await auditCount();
    expect((await run(changeMemberRoleSpec, { membershipId: devMembership, role: 'partner_admin' }, cast.support)).ok).toBe(false);
    expect(
      (await run(updatePartnerSettingsSpec, { partnerId: cast.org.id, supportTier: 'enterprise', keyRateLimitPerMinute: 1, monthlyQuota: 1 }, cast.support)).ok,
    ).toBe(false);
    expect((await run(removeMemberSpec, { membershipId: devMembership }, cast.developer)).ok).toBe(false);
    expect(await auditCount()).toBe(before);
  });

  it('the profile and the staff settings are saved with their changes in the audit row', async () => {
    const cast = await createCast();
    expect(
      await run(updatePartnerProfileSpec, { name: 'Acme Renamed', website: 'https://acme.example', description: 'Rockets' }, cast.partnerAdmin),
    ).toMatchObject({ ok: true });
    expect(await run(updatePartnerProfileSpec, { name: 'Acme', website: 'javascript:alert(1)', description: '' }, cast.partnerAdmin)).toMatchObject({
      ok: false,
      fieldErrors: { website: [expect.any(String)] },
    });
    expect(
      await run(
        updatePartnerSettingsSpec,
        { partnerId: cast.org.id, supportTier: 'enterprise', keyRateLimitPerMinute: '1200', monthlyQuota: '5000000' },
        cast.admin,
      ),
    ).toMatchObject({ ok: true });
    const [org] = await db.select().from(partners).where(eq(partners.id, cast.org.id));
    expect(org).toMatchObject({ name: 'Acme Renamed', website: 'https://acme.example', supportTier: 'enterprise', keyRateLimitPerMinute: 1200 });
    const [row] = await db.select().from(auditLogs).where(eq(auditLogs.action, 'partner.update_settings'));
    expect(row?.metadata).toMatchObject({ supportTier: { from: 'standard', to: 'enterprise' }, keyRateLimitPerMinute: { from: 600, to: 1200 } });
  });
});
