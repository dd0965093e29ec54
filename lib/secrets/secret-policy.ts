import 'server-only';
import type { Transaction } from '@/db';
import type { UserActor } from '@/lib/auth/actor';
import type { PolicyResource } from '@/lib/auth/policy';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { loadSecret } from './secret-store';

type SecretAction = 'secret.write' | 'secret.reveal';

/** A change (`secret.write`) or a read of a value (`secret.reveal`) on the secret's environment (a developer: `development` only). */
export async function secretWritePolicy(tx: Transaction, secretId: string, action: SecretAction = 'secret.write') {
  const secret = await loadSecret(tx, secretId);
  return { action, resource: { partnerId: secret.partnerId, secretEnvironment: secret.environmentSlug } satisfies PolicyResource };
}

export function environmentWritePolicy(actor: UserActor, input: { partnerId?: string; environment: string }, action: SecretAction = 'secret.write') {
  return { action, resource: { partnerId: targetPartnerId(actor, input), secretEnvironment: input.environment } };
}
