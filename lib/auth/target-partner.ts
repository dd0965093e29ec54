import type { Actor } from './actor';
import { fieldError, InputError, NotFoundError } from '@/lib/errors';

/**
 * The organization an action works on. Staff and the system choose it (a `partnerId` field); a partner
 * user or an API key always works on its own, and naming another is a 404.
 */
export function targetPartnerId(actor: Actor, input: { partnerId?: string }): string {
  if (actor.kind === 'system' || (actor.kind === 'user' && actor.staffRole)) {
    if (!input.partnerId) throw fieldError('partnerId', 'Choose the organization');
    return input.partnerId;
  }
  const own = actor.kind === 'key' ? actor.partnerId : actor.membership?.partnerId;
  if (!own) throw new InputError('You are not a member of any organization.');
  // Naming another organization is asking about a resource the actor cannot see.
  if (input.partnerId && input.partnerId !== own) throw new NotFoundError();
  return own;
}
