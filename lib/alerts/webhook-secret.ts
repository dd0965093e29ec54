import { eq, isNotNull } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { partnerWebhooks } from '@/db/schema';
import { openSecretValue, sealSecretValue, type SecretBinding } from '@/lib/secrets/envelope';
import { masterKeyRing } from '@/lib/secrets/master-keys';

type WebhookRow = typeof partnerWebhooks.$inferSelect;

// Bound to its organization: a row copied to another organization does not decrypt.
const bindingOf = (partnerId: string): SecretBinding => ({ partnerId, environmentId: 'alert-webhook', name: 'SIGNING_SECRET', version: 1 });

/** The columns that store a webhook's signing secret, encrypted under the current master key. */
export function sealWebhookSecret(partnerId: string, secret: string) {
  const sealed = sealSecretValue(bindingOf(partnerId), secret, masterKeyRing());
  return {
    secret: null,
    secretCiphertext: sealed.ciphertext,
    secretNonce: sealed.nonce,
    secretWrappedKey: sealed.wrappedDataKey,
    secretMasterKeyId: sealed.masterKeyId,
  };
}

/** The secret that signs deliveries (decrypted; a row from before encryption still has it in the clear). */
export function webhookSigningSecret(row: WebhookRow): string {
  if (row.secretCiphertext && row.secretNonce && row.secretWrappedKey && row.secretMasterKeyId) {
    return openSecretValue(
      bindingOf(row.partnerId),
      { ciphertext: row.secretCiphertext, nonce: row.secretNonce, wrappedDataKey: row.secretWrappedKey, masterKeyId: row.secretMasterKeyId },
      masterKeyRing(),
    );
  }
  if (row.secret) return row.secret;
  throw new Error(`The webhook of ${row.partnerId} has no signing secret.`);
}

/** Encrypts the signing secrets saved before they were encrypted; run at start-up. */
export async function encryptLegacyWebhookSecrets(db: Queryable): Promise<number> {
  const legacy = await db.select().from(partnerWebhooks).where(isNotNull(partnerWebhooks.secret));
  for (const row of legacy) {
    await db.update(partnerWebhooks).set(sealWebhookSecret(row.partnerId, row.secret!)).where(eq(partnerWebhooks.partnerId, row.partnerId));
  }
  return legacy.length;
}
