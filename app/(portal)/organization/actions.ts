'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { setOrganizationTwoFactorSpec } from '@/lib/identity/two-factor-settings';
import { updatePartnerProfileSpec } from '@/lib/partners/update-partner';

export const updateOrganizationProfile = defineAction(updatePartnerProfileSpec, {
  // The name shows in the sidebar of every page; the profile is also an onboarding step (dashboard).
  after() {
    revalidatePath('/', 'layout');
  },
});

export const setOrganizationTwoFactor = defineAction(setOrganizationTwoFactorSpec, { after: () => revalidatePath('/organization') });
