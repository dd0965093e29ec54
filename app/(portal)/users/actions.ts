'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { setUserDisabledSpec } from '@/lib/users/set-user-disabled';

export const setUserDisabled = defineAction(setUserDisabledSpec, {
  after() {
    revalidatePath('/users');
  },
});
