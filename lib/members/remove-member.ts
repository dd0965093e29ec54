import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { memberships } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { InputError } from '@/lib/errors';
import { assertNotLastAdmin, lockMembership, membershipPolicy } from './member-guards';

export const removeMemberInput = z.object({ membershipId: storableText().min(1).max(64) });

/** The member loses access on their next request: the session's actor is read fresh each time. */
export const removeMemberSpec: UserActionSpec<typeof removeMemberInput, { partnerId: string; userId: string; email: string; role: string }> = {
  name: 'removeMember',
  access: 'user',
  input: removeMemberInput,
  policy: (input, _actor, tx) => membershipPolicy(tx, input.membershipId),
  async run({ input, tx }) {
    const { membership, all, email, partner } = await lockMembership(tx, input.membershipId);
    assertNotLastAdmin(all, membership, 'removed');
    if (partner.primaryContactId === membership.userId) {
      throw new InputError(`${email} is ${partner.name}'s primary contact: transfer that to another member first.`);
    }
    await tx.delete(memberships).where(eq(memberships.id, membership.id));
    return { partnerId: membership.partnerId, userId: membership.userId, email, role: membership.role };
  },
  message: (r) => `${r.email} was removed and has lost access.`,
  audit: (r) => ({ action: 'member.remove', partnerId: r.partnerId, targetType: 'user', targetId: r.userId, metadata: { email: r.email, role: r.role } }),
};
