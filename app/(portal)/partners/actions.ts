'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { approvePartnerSpec } from '@/lib/partners/approve-partner';
import { createPartnerSpec } from '@/lib/partners/create-partner';
import { reactivatePartnerSpec, suspendPartnerSpec } from '@/lib/partners/suspend-partner';
import { updatePartnerSettingsSpec } from '@/lib/partners/update-partner';
import { setOrganizationTwoFactorSpec } from '@/lib/identity/two-factor-settings';

function revalidatePartner(partnerId: string) {
  revalidatePath('/partners');
  revalidatePath(`/partners/${partnerId}`);
  revalidatePath('/');
}

export const approvePartner = defineAction(approvePartnerSpec, {
  after({ partnerId }) {
    revalidatePartner(partnerId);
  },
});

// No redirect after create: the invitation link is in the action's result, and only the form that
// received it may show it (once).
export const createPartner = defineAction(createPartnerSpec, {
  after({ partnerId }) {
    revalidatePartner(partnerId);
  },
});

export const suspendPartner = defineAction(suspendPartnerSpec, {
  after({ partnerId }) {
    revalidatePartner(partnerId);
    revalidatePath('/keys');
  },
});

export const reactivatePartner = defineAction(reactivatePartnerSpec, {
  after({ partnerId }) {
    revalidatePartner(partnerId);
    revalidatePath('/keys');
  },
});

export const updatePartnerSettings = defineAction(updatePartnerSettingsSpec, {
  after({ partnerId }) {
    revalidatePartner(partnerId);
  },
});

export const setPartnerTwoFactor = defineAction(setOrganizationTwoFactorSpec, {
  after({ partnerId }) {
    revalidatePartner(partnerId);
  },
});
