import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { partners } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { InputError, NotFoundError } from '@/lib/errors';
import { announceKeyChange } from '@/lib/keys/key-invalidation';

export const approvePartnerInput = z.object({ partnerId: storableText().min(1).max(64) });

/** Staff approve a pending organization's onboarding request; its users get the full portal. */
export const approvePartnerSpec: UserActionSpec<typeof approvePartnerInput, { partnerId: string; name: string }> = {
  name: 'approvePartner',
  access: 'user',
  input: approvePartnerInput,
  policy: (input) => ({ action: 'partner.approve', resource: { partnerId: input.partnerId } }),
  async run({ input, tx, afterCommit }) {
    const [partner] = await tx.select().from(partners).where(eq(partners.id, input.partnerId)).for('update');
    if (!partner) throw new NotFoundError('That organization does not exist.');
    if (partner.status !== 'pending') throw new InputError(`${partner.name} is ${partner.status}, not pending.`);
    await tx.update(partners).set({ status: 'active', approvedAt: new Date() }).where(eq(partners.id, partner.id));
    // Keys made while pending were refused; caches and verifiers must learn they are good now.
    await announceKeyChange(tx, afterCommit, { partnerId: partner.id });
    return { partnerId: partner.id, name: partner.name };
  },
  message: (r) => `${r.name} is approved.`,
  audit: (result) => ({
    action: 'partner.approve',
    partnerId: result.partnerId,
    targetType: 'partner',
    targetId: result.partnerId,
    metadata: { from: 'pending', to: 'active' },
  }),
};
