'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { saveOrganizationSsoSpec } from '@/lib/identity/organization-sso';
import { startDomainVerificationSpec } from '@/lib/identity/sso-domains';
import { setOrganizationTwoFactorSpec } from '@/lib/identity/two-factor-settings';
import { updatePartnerProfileSpec } from '@/lib/partners/update-partner';

export const updateOrganizationProfile = defineAction(updatePartnerProfileSpec, {
  // The name shows in the sidebar of every page; the profile is also an onboarding step (dashboard).
  after() {
    revalidatePath('/', 'layout');
  },
});

export const setOrganizationTwoFactor = defineAction(setOrganizationTwoFactorSpec, { after: () => revalidatePath('/organization') });
export const saveOrganizationSso = defineAction(saveOrganizationSsoSpec, { after: () => revalidatePath('/organization') });
export const startDomainVerification = defineAction(startDomainVerificationSpec, { after: () => revalidatePath('/organization') });
