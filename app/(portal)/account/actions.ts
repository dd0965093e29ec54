'use server';

import { revalidatePath } from 'next/cache';
import { changePasswordSpec } from '@/lib/account/change-password';
import { updateProfileSpec } from '@/lib/account/update-profile';
import { defineAction } from '@/lib/actions/define-action';
import { signIn } from '@/lib/auth/auth';

export const updateProfile = defineAction(updateProfileSpec, {
  // The name also shows in the header of every page.
  after() {
    revalidatePath('/', 'layout');
  },
});

export const changePassword = defineAction(changePasswordSpec, {
  // Every session signed in before the change has ended; this one signs in again with the new password.
  async after(result, formData) {
    await signIn('credentials', { email: result.email, password: String(formData.get('newPassword') ?? ''), redirect: false });
  },
});
