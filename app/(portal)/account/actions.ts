'use server';

import { revalidatePath } from 'next/cache';
import { endSessionSpec } from '@/lib/account/end-session';
import { confirmTotpEnrolmentSpec, regenerateRecoveryCodesSpec, removeFactorSpec, renameFactorSpec, startTotpEnrolmentSpec } from '@/lib/account/two-factor';
import { changePasswordSpec } from '@/lib/account/change-password';
import { finishPasskeyRegistrationSpec, removePasskeySpec, renamePasskeySpec, startPasskeyRegistrationSpec } from '@/lib/account/passkeys';
import { signOutOtherSessionsSpec } from '@/lib/account/sign-out-other-sessions';
import { updateProfileSpec } from '@/lib/account/update-profile';
import { defineAction } from '@/lib/actions/define-action';

export const updateProfile = defineAction(updateProfileSpec, {
  // The name also shows in the header of every page.
  after() {
    revalidatePath('/', 'layout');
  },
});

// Every other session ends with the change (revoked on the server); this one goes on as it is.
export const changePassword = defineAction(changePasswordSpec);

export const signOutOtherSessions = defineAction(signOutOtherSessionsSpec, { after: () => revalidatePath('/account') });

export const endSession = defineAction(endSessionSpec, { after: () => revalidatePath('/account') });

const refreshAccount = { after: () => revalidatePath('/account') };

export const startTotpEnrolment = defineAction(startTotpEnrolmentSpec);
export const confirmTotpEnrolment = defineAction(confirmTotpEnrolmentSpec, refreshAccount);
export const renameFactor = defineAction(renameFactorSpec, refreshAccount);
export const removeFactor = defineAction(removeFactorSpec, refreshAccount);
export const regenerateRecoveryCodes = defineAction(regenerateRecoveryCodesSpec, refreshAccount);

export const startPasskeyRegistration = defineAction(startPasskeyRegistrationSpec);
export const finishPasskeyRegistration = defineAction(finishPasskeyRegistrationSpec, refreshAccount);
export const renamePasskey = defineAction(renamePasskeySpec, refreshAccount);
export const removePasskey = defineAction(removePasskeySpec, refreshAccount);
