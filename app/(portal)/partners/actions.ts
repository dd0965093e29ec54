'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { approvePartnerSpec } from '@/lib/partners/approve-partner';

export const approvePartner = defineAction(approvePartnerSpec, {
  after() {
    revalidatePath('/partners');
    revalidatePath('/');
  },
});
