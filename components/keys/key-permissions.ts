import type { KeyEnvironment } from '@/db/schema/api-keys';
import type { UserActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';

/**
 * The environments the actor may create keys in, for the "Create key" button and the form's radio
 * buttons. Staff pick the organization in the form, so for them the answer is the same for every one
 * (admin: both, support: none). Only a convenience: the create action asks the policy again.
 */
export function creatableKeyEnvironments(actor: UserActor): KeyEnvironment[] {
  const partnerId = actor.staffRole ? null : (actor.membership?.partnerId ?? null);
  if (!actor.staffRole && !partnerId) return [];
  return (['test', 'live'] as const).filter((keyEnvironment) => can(actor, 'key.write', { partnerId, keyEnvironment }));
}
