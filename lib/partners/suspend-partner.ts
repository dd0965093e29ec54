import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { storableText } from '@/lib/validation/storable';
import { partners, type PartnerStatus } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { InputError, NotFoundError } from '@/lib/errors';
import { announceKeyChange } from '@/lib/keys/key-invalidation';

export const partnerIdInput = z.object({ partnerId: storableText().min(1).max(64) });

interface StatusChange {
  partnerId: string;
  name: string;
  from: PartnerStatus;
  to: PartnerStatus;
}

function statusChangeSpec(
  name: string,
  to: 'suspended' | 'active',
  allowedFrom: PartnerStatus[],
  verb: string,
): UserActionSpec<typeof partnerIdInput, StatusChange> {
  return {
    name,
    access: 'user',
    input: partnerIdInput,
    policy: (input) => ({ action: 'partner.suspend', resource: { partnerId: input.partnerId } }),
    async run({ input, tx, afterCommit }) {
      const [partner] = await tx.select().from(partners).where(eq(partners.id, input.partnerId)).for('update');
      if (!partner) throw new NotFoundError('That organization does not exist.');
      if (!allowedFrom.includes(partner.status)) throw new InputError(`${partner.name} is ${partner.status}: it cannot be ${verb}.`);
      await tx
        .update(partners)
        .set({ status: to, suspendedAt: to === 'suspended' ? new Date() : null })
        .where(eq(partners.id, partner.id));
      // Every key of the organization is refused (or accepted again) at once, on every instance.
      await announceKeyChange(tx, afterCommit, { partnerId: partner.id });
      return { partnerId: partner.id, name: partner.name, from: partner.status, to };
    },
    message: (r) => `${r.name} is ${r.to === 'suspended' ? 'suspended: its keys are refused' : 'active again'}.`,
    audit: (r) => ({
      action: to === 'suspended' ? 'partner.suspend' : 'partner.reactivate',
      partnerId: r.partnerId,
      targetType: 'partner',
      targetId: r.partnerId,
      metadata: { from: r.from, to: r.to },
    }),
  };
}

/** Staff suspend an organization: its users get a read-only portal and its keys are refused. */
export const suspendPartnerSpec = statusChangeSpec('suspendPartner', 'suspended', ['active'], 'suspended');
export const reactivatePartnerSpec = statusChangeSpec('reactivatePartner', 'active', ['suspended'], 'reactivated');
