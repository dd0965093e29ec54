import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { partners } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { InputError } from '@/lib/errors';
import { lockMembership, membershipPolicy } from './member-guards';

export const transferPrimaryContactInput = z.object({ membershipId: storableText().min(1).max(64) });

/** The primary contact must be a partner_admin of the organization. */
export const transferPrimaryContactSpec: UserActionSpec<
  typeof transferPrimaryContactInput,
  { partnerId: string; userId: string; email: string; previous: string | null }
> = {
  name: 'transferPrimaryContact',
  access: 'user',
  input: transferPrimaryContactInput,
  policy: (input, _actor, tx) => membershipPolicy(tx, input.membershipId),
  async run({ input, tx }) {
    const { membership, email, partner } = await lockMembership(tx, input.membershipId);
    if (membership.role !== 'partner_admin') throw new InputError('Only a partner admin can be the primary contact: change their role first.');
    if (partner.primaryContactId === membership.userId) throw new InputError(`${email} already is the primary contact.`);
    await tx.update(partners).set({ primaryContactId: membership.userId }).where(eq(partners.id, membership.partnerId));
    return { partnerId: membership.partnerId, userId: membership.userId, email, previous: partner.primaryContactId };
  },
  message: (r) => `${r.email} is now the primary contact.`,
  audit: (r) => ({
    action: 'partner.primary_contact_transfer',
    partnerId: r.partnerId,
    targetType: 'user',
    targetId: r.userId,
    metadata: { email: r.email, previousUserId: r.previous },
  }),
};
