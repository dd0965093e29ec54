'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { saveWebhookSpec, sendTestAlertSpec } from '@/lib/alerts/webhook-settings';

// No redirect after saving: the signing secret is in the action's result, shown once by the form.
export const saveWebhook = defineAction(saveWebhookSpec, {
  after() {
    revalidatePath('/alerts');
  },
});

export const sendTestAlert = defineAction(sendTestAlertSpec);
