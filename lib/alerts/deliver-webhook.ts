import 'server-only';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { alerts, partnerWebhooks, type AlertKind } from '@/db/schema';
import { webhookSigningSecret } from './webhook-secret';
import { BlockedDestinationError, guardedPost } from '@/lib/net/guarded-request';
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

/**
 * What the partner is told when nothing answered: one sentence whatever happened (refused destination,
 * connection refused, timeout, TLS or DNS failure), so that "Send test alert" cannot be used to map which
 * addresses and ports answer. The detail goes to the server log only.
 */
export const UNREACHABLE_REASON = 'The endpoint could not be reached.';

/**
 * One POST; never throws (a partner's broken endpoint must not stop the evaluator), failures are logged.
 * The destination must be public, checked on the address connected to (`lib/net/guarded-request.ts`);
 * redirects are not followed.
 */
export async function postWebhook(url: string, secret: string, payload: AlertPayload): Promise<DeliveryOutcome> {
  // Checked again at sending: a row written before the rule, or by hand, must not reach plain http.
  if (!isAllowedWebhookUrl(url)) return { ok: false, reason: 'The webhook URL is not an https address.' };
  const body = JSON.stringify(payload);
  try {
    const { status } = await guardedPost(url, {
      headers: {
        'content-type': 'application/json',
        'user-agent': 'PartnerPortal-Webhooks/1',
        'x-partner-portal-signature': signWebhookBody(body, secret),
        'x-partner-portal-timestamp': String(Math.floor(Date.now() / 1000)),
      },
      body,
      timeoutMs: TIMEOUT_MS,
    });
    if (status >= 200 && status < 300) return { ok: true, status };
    console.warn(`[alerts] webhook of ${payload.partnerId} answered ${status}`);
    return {
      ok: false,
      reason: status >= 300 && status < 400 ? `The endpoint answered ${status} (redirects are not followed).` : `The endpoint answered ${status}.`,
    };
  } catch (error) {
    const detail = error instanceof BlockedDestinationError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
    console.warn(`[alerts] webhook of ${payload.partnerId} failed: ${detail}`);
    return { ok: false, reason: UNREACHABLE_REASON };
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
