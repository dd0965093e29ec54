'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { createTryItKeySpec } from '@/lib/keys/try-it-key';

/** The try-it console's own key: read-only, one hour, listed among the organization's keys as such. */
export const createTryItKey = defineAction(createTryItKeySpec, {
  after() {
    revalidatePath('/keys');
  },
});
