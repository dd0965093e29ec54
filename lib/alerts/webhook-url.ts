import { z } from 'zod';

/**
 * Alert webhooks go over https only. Tests may use a local plain-http server on 127.0.0.1, and only when
 * `ALERT_WEBHOOK_ALLOW_HTTP=1`.
 */
export function isAllowedWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return process.env.ALERT_WEBHOOK_ALLOW_HTTP === '1' && url.protocol === 'http:' && url.hostname === '127.0.0.1';
}

export const webhookUrlSchema = z
  .string({ error: 'Enter the webhook URL' })
  .trim()
  .min(1, 'Enter the webhook URL')
  .max(500, 'Use at most 500 characters')
  .refine(isAllowedWebhookUrl, 'Enter an address starting with https://');
