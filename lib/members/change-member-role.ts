import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { memberships, partnerRoles, type PartnerRole } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { InputError } from '@/lib/errors';
import { assertNotLastAdmin, lockMembership, membershipPolicy } from './member-guards';
import { roleLabels } from './role-labels';

export const changeMemberRoleInput = z.object({ membershipId: storableText().min(1).max(64), role: z.enum(partnerRoles, { error: 'Choose a role' }) });

export const changeMemberRoleSpec: UserActionSpec<
  typeof changeMemberRoleInput,
  { partnerId: string; userId: string; email: string; from: PartnerRole; to: PartnerRole }
> = {
  name: 'changeMemberRole',
  access: 'user',
  input: changeMemberRoleInput,
  policy: (input, _actor, tx) => membershipPolicy(tx, input.membershipId),
  async run({ input, tx }) {
    const { membership, all, email, partner } = await lockMembership(tx, input.membershipId);
    if (membership.role === input.role) throw new InputError(`${email} is already ${roleLabels[input.role]}.`);
    if (input.role !== 'partner_admin') {
      assertNotLastAdmin(all, membership, 'demoted');
      if (partner.primaryContactId === membership.userId) {
        throw new InputError(`${email} is ${partner.name}'s primary contact, who must be a partner admin: transfer that to another member first.`);
      }
    }
    await tx.update(memberships).set({ role: input.role }).where(eq(memberships.id, membership.id));
    return { partnerId: membership.partnerId, userId: membership.userId, email, from: membership.role, to: input.role };
  },
  message: (r) => `${r.email} is now ${roleLabels[r.to]}.`,
  audit: (r) => ({
    action: 'member.role_change',
    partnerId: r.partnerId,
    targetType: 'user',
    targetId: r.userId,
    metadata: { email: r.email, from: r.from, to: r.to },
  }),
};
