import type { UserActor } from './actor';
import { fieldError, InputError, NotFoundError } from '@/lib/errors';

/**
 * The organization an action works on: staff choose it (a `partnerId` field); a partner user always
 * works on their own, and naming another is a 404.
 */
export function targetPartnerId(actor: UserActor, input: { partnerId?: string }): string {
  if (actor.staffRole) {
    if (!input.partnerId) throw fieldError('partnerId', 'Choose the organization');
    return input.partnerId;
  }
  if (!actor.membership) throw new InputError('You are not a member of any organization.');
  // Naming another organization is asking about a resource the actor cannot see.
  if (input.partnerId && input.partnerId !== actor.membership.partnerId) throw new NotFoundError();
  return actor.membership.partnerId;
}
