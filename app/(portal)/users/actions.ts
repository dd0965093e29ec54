'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { endUserSessionsSpec } from '@/lib/users/end-user-sessions';
import { setUserDisabledSpec } from '@/lib/users/set-user-disabled';
import { setStaffTwoFactorSpec } from '@/lib/identity/two-factor-settings';

export const setUserDisabled = defineAction(setUserDisabledSpec, {
  after() {
    revalidatePath('/users');
  },
});

export const endUserSessions = defineAction(endUserSessionsSpec);

export const setStaffTwoFactor = defineAction(setStaffTwoFactorSpec, { after: () => revalidatePath('/users') });
