'use server';

import { revalidatePath } from 'next/cache';
import { changePasswordSpec } from '@/lib/account/change-password';
import { updateProfileSpec } from '@/lib/account/update-profile';
import { defineAction } from '@/lib/actions/define-action';

export const updateProfile = defineAction(updateProfileSpec, {
  // The name also shows in the header of every page.
  after() {
    revalidatePath('/', 'layout');
  },
});

export const changePassword = defineAction(changePasswordSpec);
