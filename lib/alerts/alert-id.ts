import { randomBase62 } from '@/lib/ids';

/** `alr_…`, like every other id (the shared prefix list is not ours to extend from here). */
export function newAlertId(): string {
  return `alr_${randomBase62(22)}`;
}

/** `whsec_…`: the signing secret of an organization's webhook, ~190 random bits. */
export function newWebhookSecret(): string {
  return `whsec_${randomBase62(32)}`;
}
