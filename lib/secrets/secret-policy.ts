import 'server-only';
import type { Transaction } from '@/db';
import type { UserActor } from '@/lib/auth/actor';
import type { PolicyResource } from '@/lib/auth/policy';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { loadSecret } from './secret-store';

/** Reveal and write need `secret.write` on the secret's environment (a developer: `development` only). */
export async function secretWritePolicy(tx: Transaction, secretId: string) {
  const secret = await loadSecret(tx, secretId);
  return { action: 'secret.write' as const, resource: { partnerId: secret.partnerId, secretEnvironment: secret.environmentSlug } satisfies PolicyResource };
}

export function environmentWritePolicy(actor: UserActor, input: { partnerId?: string; environment: string }) {
  return { action: 'secret.write' as const, resource: { partnerId: targetPartnerId(actor, input), secretEnvironment: input.environment } };
}
