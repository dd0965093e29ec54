import { z } from 'zod';
import { ipLiteralOf, isLocalhostName, isPublicAddress, privateDestinationsAllowed } from '@/lib/net/public-address';

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

/**
 * Save-time check, for a clear form error: the host is not an IP literal (in any spelling) or a
 * `localhost` name that points at a loopback, private, link-local or reserved address. Names are not
 * resolved here (what they resolve to can change): the connection-time guard in
 * `lib/net/guarded-request.ts` is what keeps deliveries off private networks.
 */
export function hasPublicOrNamedHost(value: string): boolean {
  if (privateDestinationsAllowed()) return true;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return true; // reported by the other rules
  }
  const literal = ipLiteralOf(url.hostname);
  return literal ? isPublicAddress(literal) : !isLocalhostName(url.hostname);
}

export const webhookUrlSchema = z
  .string({ error: 'Enter the webhook URL' })
  .trim()
  .min(1, 'Enter the webhook URL')
  .max(500, 'Use at most 500 characters')
  .refine(isAllowedWebhookUrl, { message: 'Enter an address starting with https://', abort: true })
  .refine(hasPublicOrNamedHost, 'This address is on a private, loopback or reserved network: alerts can only go to a public address');
