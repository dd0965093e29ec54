import 'server-only';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { alerts, partnerWebhooks, type AlertKind } from '@/db/schema';
import { webhookSigningSecret } from './webhook-secret';
import { isAllowedWebhookUrl } from './webhook-url';

const TIMEOUT_MS = 5_000;

export interface AlertPayload {
  id: string;
  kind: AlertKind | 'test';
  partnerId: string;
  apiKeyId: string | null;
  message: string;
  triggeredAt: string;
  resolvedAt: string | null;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`: what a receiver recomputes with its secret to trust a delivery. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export type DeliveryOutcome = { ok: true; status: number } | { ok: false; reason: string };

/** One POST; never throws (a partner's broken endpoint must not stop the evaluator), failures are logged. */
export async function postWebhook(url: string, secret: string, payload: AlertPayload): Promise<DeliveryOutcome> {
  // Checked again at sending: a row written before the rule, or by hand, must not reach plain http.
  if (!isAllowedWebhookUrl(url)) return { ok: false, reason: 'The webhook URL is not an https address.' };
  const body = JSON.stringify(payload);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'PartnerPortal-Webhooks/1',
        'x-partner-portal-signature': signWebhookBody(body, secret),
        'x-partner-portal-timestamp': String(Math.floor(Date.now() / 1000)),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    console.warn(`[alerts] webhook of ${payload.partnerId} answered ${response.status}`);
    return { ok: false, reason: `The endpoint answered ${response.status}.` };
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? 'No answer within 5 seconds.' : 'The endpoint could not be reached.';
    console.warn(`[alerts] webhook of ${payload.partnerId} failed: ${(error as Error).message}`);
    return { ok: false, reason };
  }
}

export function payloadOf(alert: typeof alerts.$inferSelect): AlertPayload {
  return {
    id: alert.id,
    kind: alert.kind,
    partnerId: alert.partnerId,
    apiKeyId: alert.apiKeyId,
    message: alert.message,
    triggeredAt: alert.triggeredAt.toISOString(),
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
  };
}

/** Sends a raised or resolved alert to its organization's webhook, if it has one, and notes when. */
export async function notifyAlert(db: Queryable, alert: typeof alerts.$inferSelect): Promise<DeliveryOutcome | null> {
  const [webhook] = await db.select().from(partnerWebhooks).where(eq(partnerWebhooks.partnerId, alert.partnerId)).limit(1);
  if (!webhook) return null;
  const outcome = await postWebhook(webhook.url, webhookSigningSecret(webhook), payloadOf(alert));
  if (outcome.ok) await db.update(alerts).set({ lastNotifiedAt: new Date() }).where(eq(alerts.id, alert.id));
  return outcome;
}
