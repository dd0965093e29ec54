import 'server-only';
import { z } from 'zod';
import { db } from '@/db';
import { organizationSecurity, securitySettings } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { storableText } from '@/lib/validation/storable';
import { organizationRequiresTwoFactor, staffRequiresTwoFactor } from './two-factor-policy';

const requiredField = z.enum(['true', 'false']).transform((v) => v === 'true');

export const setStaffTwoFactorInput = z.object({ required: requiredField });

/** Staff (admins): whether every staff account must use a second factor. Takes effect at their next request. */
export const setStaffTwoFactorSpec: UserActionSpec<typeof setStaffTwoFactorInput, { required: boolean }> = {
  name: 'setStaffTwoFactor',
  access: 'user',
  input: setStaffTwoFactorInput,
  policy: () => ({ action: 'security.manage', resource: { partnerId: null } }),
  async run({ input, tx }) {
    await tx
      .insert(securitySettings)
      .values({ id: 'portal', staffRequireTwoFactor: input.required })
      .onConflictDoUpdate({ target: securitySettings.id, set: { staffRequireTwoFactor: input.required, updatedAt: new Date() } });
    return { required: input.required };
  },
  message: (r) =>
    r.required ? 'Staff must now use two-factor sign-in; those without a factor are asked to add one.' : 'Two-factor sign-in is optional for staff.',
  audit: (r) => ({ action: 'security.staff_two_factor', partnerId: null, targetType: 'portal', targetId: 'portal', metadata: { required: r.required } }),
};

export const setOrganizationTwoFactorInput = z.object({ partnerId: storableText().max(64).optional(), required: requiredField });

/** A partner_admin (own organization) or staff: whether the organization's members must use a second factor. */
export const setOrganizationTwoFactorSpec: UserActionSpec<typeof setOrganizationTwoFactorInput, { partnerId: string; required: boolean }> = {
  name: 'setOrganizationTwoFactor',
  access: 'user',
  input: setOrganizationTwoFactorInput,
  policy: (input, actor) => ({ action: 'security.manage', resource: { partnerId: targetPartnerId(actor, input) } }),
  async run({ input, tx, actor }) {
    const partnerId = targetPartnerId(actor, input);
    await tx
      .insert(organizationSecurity)
      .values({ partnerId, requireTwoFactor: input.required })
      .onConflictDoUpdate({ target: organizationSecurity.partnerId, set: { requireTwoFactor: input.required, updatedAt: new Date() } });
    return { partnerId, required: input.required };
  },
  message: (r) =>
    r.required ? 'Members must now use two-factor sign-in; those without a factor are asked to add one.' : 'Two-factor sign-in is optional for members.',
  audit: (r) => ({
    action: 'security.organization_two_factor',
    partnerId: r.partnerId,
    targetType: 'partner',
    targetId: r.partnerId,
    metadata: { required: r.required },
  }),
};

/** For the settings forms: whether the organization requires two-factor. */
export function organizationTwoFactorSetting(partnerId: string): Promise<boolean> {
  return organizationRequiresTwoFactor(db, partnerId);
}

/** For the settings form: whether staff must use two-factor (the saved setting, else the default). */
export function staffTwoFactorSetting(): Promise<boolean> {
  return staffRequiresTwoFactor(db);
}
