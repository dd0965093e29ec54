import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { partnerWebhooks } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { InputError } from '@/lib/errors';
import { newAlertId, newWebhookSecret } from './alert-id';
import { postWebhook } from './deliver-webhook';
import { sealWebhookSecret, webhookSigningSecret } from './webhook-secret';
import { webhookUrlSchema } from './webhook-url';

const partnerIdField = z.preprocess((v) => (v === '' ? undefined : v), z.string().max(64).optional());

export const saveWebhookInput = z.object({ partnerId: partnerIdField, url: webhookUrlSchema });

/**
 * A partner_admin sets where the organization's alerts are POSTed. Each save makes a new signing secret,
 * handed back once to the form that saved it; the previous secret stops being used at once.
 */
export const saveWebhookSpec: UserActionSpec<
  typeof saveWebhookInput,
  { partnerId: string; url: string; secret: string; previousUrl: string | null },
  { secret: string }
> = {
  name: 'saveWebhook',
  access: 'user',
  input: saveWebhookInput,
  policy: (input, actor) => ({ action: 'partner.update', resource: { partnerId: targetPartnerId(actor, input) } }),
  async run({ input, tx, actor }) {
    const partnerId = targetPartnerId(actor, input);
    const [before] = await tx.select({ url: partnerWebhooks.url }).from(partnerWebhooks).where(eq(partnerWebhooks.partnerId, partnerId)).for('update');
    const secret = newWebhookSecret();
    await tx
      .insert(partnerWebhooks)
      .values({ partnerId, url: input.url, ...sealWebhookSecret(partnerId, secret) })
      .onConflictDoUpdate({ target: partnerWebhooks.partnerId, set: { url: input.url, ...sealWebhookSecret(partnerId, secret), updatedAt: new Date() } });
    return { partnerId, url: input.url, secret, previousUrl: before?.url ?? null };
  },
  message: 'The webhook was saved. Copy its signing secret now: it is not shown again.',
  data: (r) => ({ secret: r.secret }),
  // The secret never goes on the trail.
  audit: (r) => ({
    action: 'alert.webhook_update',
    partnerId: r.partnerId,
    targetType: 'partner',
    targetId: r.partnerId,
    metadata: { url: { from: r.previousUrl, to: r.url } },
  }),
};

export const sendTestAlertInput = z.object({ partnerId: partnerIdField });

/** Sends a sample alert (kind `test`) to the saved webhook, so a partner can check their receiver. */
export const sendTestAlertSpec: UserActionSpec<typeof sendTestAlertInput, { partnerId: string; status: number }> = {
  name: 'sendTestAlert',
  access: 'user',
  input: sendTestAlertInput,
  policy: (input, actor) => ({ action: 'partner.update', resource: { partnerId: targetPartnerId(actor, input) } }),
  async run({ input, tx, actor }) {
    const partnerId = targetPartnerId(actor, input);
    const [webhook] = await tx.select().from(partnerWebhooks).where(eq(partnerWebhooks.partnerId, partnerId)).limit(1);
    if (!webhook) throw new InputError('Save a webhook URL first.');
    const now = new Date().toISOString();
    const outcome = await postWebhook(webhook.url, webhookSigningSecret(webhook), {
      id: newAlertId(),
      kind: 'test',
      partnerId,
      apiKeyId: null,
      message: 'A test alert from the partner portal.',
      triggeredAt: now,
      resolvedAt: null,
    });
    if (!outcome.ok) throw new InputError(`The test alert was not delivered: ${outcome.reason}`);
    return { partnerId, status: outcome.status };
  },
  message: (r) => `The test alert was delivered (HTTP ${r.status}).`,
  audit: (r) => ({ action: 'alert.webhook_test', partnerId: r.partnerId, targetType: 'partner', targetId: r.partnerId, metadata: { status: r.status } }),
};
