import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, memberships } from '@/db/schema';
import { changePasswordSpec } from '@/lib/account/change-password';
import { updateProfileSpec } from '@/lib/account/update-profile';
import { executeAction } from '@/lib/actions/execute-action';
import { acceptInviteSpec, signUpWithInviteSpec } from '@/lib/invites/accept-invite';
import { createInviteSpec } from '@/lib/invites/create-invite';
import { revokeInviteSpec } from '@/lib/invites/revoke-invite';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { revokeKeySpec } from '@/lib/keys/revoke-key-action';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';
import { changeMemberRoleSpec } from '@/lib/members/change-member-role';
import { removeMemberSpec } from '@/lib/members/remove-member';
import { transferPrimaryContactSpec } from '@/lib/members/transfer-primary-contact';
import { approvePartnerSpec } from '@/lib/partners/approve-partner';
import { createPartnerSpec } from '@/lib/partners/create-partner';
import { reactivatePartnerSpec, suspendPartnerSpec } from '@/lib/partners/suspend-partner';
import { updatePartnerProfileSpec, updatePartnerSettingsSpec } from '@/lib/partners/update-partner';
import { setUserDisabledSpec } from '@/lib/users/set-user-disabled';
import { actorOf, createCast, createOrg, createUser, testMeta, TEST_PASSWORD } from '../support/fixtures';

type AnySpec = Parameters<typeof executeAction>[0];

describe('the audit trail', () => {
  it('has a row, with actor, organization, IP and user agent, for every sensitive action', async () => {
    const { admin, partnerAdmin, developer, org } = await createCast();
    const expected: string[] = [];
    async function act(spec: unknown, input: Record<string, unknown>, actor: Awaited<ReturnType<typeof actorOf>> | null, action: string | string[]) {
      const outcome = await executeAction(spec as AnySpec, input, { actor, meta: testMeta });
      expect(outcome.result, JSON.stringify(outcome.result)).toMatchObject({ ok: true });
      expected.push(...[action].flat());
      return outcome.value as Record<string, unknown>;
    }
    const token = (link: unknown) => String(link).split('/invite/')[1];

    const created = await act(createPartnerSpec, { name: 'Audited Co', supportTier: 'standard', primaryContactEmail: 'boss@audited.test' }, admin, [
      'partner.create',
      'member.invite',
    ]);
    const boss = await act(
      signUpWithInviteSpec,
      { token: token((created.invite as { link: string }).link), name: 'Boss', password: 'a long enough password' },
      null,
      'member.join',
    );
    await act(suspendPartnerSpec, { partnerId: created.partnerId }, admin, 'partner.suspend');
    await act(reactivatePartnerSpec, { partnerId: created.partnerId }, admin, 'partner.reactivate');
    await act(
      updatePartnerSettingsSpec,
      { partnerId: org.id, supportTier: 'enterprise', keyRateLimitPerMinute: 60, monthlyQuota: 1000 },
      admin,
      'partner.update_settings',
    );
    const pending = await createOrg({ status: 'pending' });
    await act(approvePartnerSpec, { partnerId: pending.id }, admin, 'partner.approve');

    await act(updatePartnerProfileSpec, { name: org.name, website: 'https://x.example', description: 'd' }, partnerAdmin, 'partner.update_profile');
    const invite = await act(createInviteSpec, { email: 'dev2@x.test', role: 'developer' }, partnerAdmin, 'member.invite');
    await act(revokeInviteSpec, { inviteId: invite.inviteId }, partnerAdmin, 'member.invite_revoke');
    const existing = await createUser({ email: 'joiner@x.test' });
    const joinInvite = await act(createInviteSpec, { email: 'joiner@x.test', role: 'partner_admin' }, partnerAdmin, 'member.invite');
    await act(acceptInviteSpec, { token: token(joinInvite.link) }, await actorOf(existing.id), 'member.join');
    // The joiner, the first partner_admin to accept, became the primary contact; hand it back.
    const [adminMembership] = await db.select().from(memberships).where(eq(memberships.userId, partnerAdmin.userId));
    await act(transferPrimaryContactSpec, { membershipId: adminMembership!.id }, partnerAdmin, 'partner.primary_contact_transfer');
    const [devMembership] = await db.select().from(memberships).where(eq(memberships.userId, developer.userId));
    await act(changeMemberRoleSpec, { membershipId: devMembership!.id, role: 'partner_admin' }, partnerAdmin, 'member.role_change');
    await act(removeMemberSpec, { membershipId: devMembership!.id }, partnerAdmin, 'member.remove');

    const key = await act(createKeySpec, { name: 'k', environment: 'test' }, partnerAdmin, 'key.create');
    const rotated = await act(rotateKeySpec, { keyId: (key.key as { id: string }).id, grace: 'now' }, partnerAdmin, 'key.rotate');
    await act(revokeKeySpec, { keyId: (rotated.key as { id: string }).id }, partnerAdmin, 'key.revoke');
    await act(updateProfileSpec, { name: 'New Name' }, partnerAdmin, 'user.update_profile');
    await act(
      changePasswordSpec,
      { currentPassword: TEST_PASSWORD, newPassword: 'another long password', confirmPassword: 'another long password' },
      partnerAdmin,
      'user.change_password',
    );
    await act(setUserDisabledSpec, { userId: String(boss.userId), disabled: 'true' }, admin, 'user.disable');
    await act(setUserDisabledSpec, { userId: String(boss.userId), disabled: 'false' }, admin, 'user.enable');

    const rows = await db.select().from(auditLogs);
    expect(rows.map((r) => r.action).sort()).toEqual([...expected].sort());
    for (const row of rows) {
      expect(row.actorId, row.action).toBeTruthy();
      expect(row.actorLabel, row.action).toMatch(/@/);
      expect(row.ip, row.action).toBe(testMeta.ip);
      expect(row.userAgent, row.action).toBe(testMeta.userAgent);
    }
  });
});
