import 'server-only';
import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '@/db';
import { organizationSso, ssoDomains } from '@/db/schema';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { targetPartnerId } from '@/lib/auth/target-partner';
import { fieldError } from '@/lib/errors';
import { openSecretValue, sealSecretValue, type SecretBinding } from '@/lib/secrets/envelope';
import { masterKeyRing } from '@/lib/secrets/master-keys';
import { storableText } from '@/lib/validation/storable';

type SsoRow = typeof organizationSso.$inferSelect;

// Bound to its organization: a row copied to another organization does not decrypt.
const bindingOf = (partnerId: string): SecretBinding => ({ partnerId, environmentId: 'organization-sso', name: 'CLIENT_SECRET', version: 1 });

/** The client secret of an organization's provider, decrypted for the token request. */
export function organizationSsoClientSecret(row: SsoRow): string {
  return openSecretValue(
    bindingOf(row.partnerId),
    { ciphertext: row.secretCiphertext, nonce: row.secretNonce, wrappedDataKey: row.secretWrappedKey, masterKeyId: row.secretMasterKeyId },
    masterKeyRing(),
  );
}

export const saveOrganizationSsoInput = z.object({
  partnerId: storableText().max(64).optional(),
  issuer: z.url({ protocol: /^https?$/, error: 'Enter the issuer URL, e.g. https://login.example.com' }).max(500),
  clientId: storableText().trim().min(1, 'Enter the client id').max(200),
  // Blank keeps the stored secret (the form never shows it).
  clientSecret: storableText().max(500).optional(),
  enforced: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** A partner_admin (or staff) connects the organization's OIDC provider; the secret is sealed at once. */
export const saveOrganizationSsoSpec: UserActionSpec<typeof saveOrganizationSsoInput, { partnerId: string; issuer: string; enforced: boolean }> = {
  name: 'saveOrganizationSso',
  access: 'user',
  input: saveOrganizationSsoInput,
  policy: (input, actor) => ({ action: 'security.manage', resource: { partnerId: targetPartnerId(actor, input) } }),
  async run({ input, tx, actor }) {
    const partnerId = targetPartnerId(actor, input);
    const [existing] = await tx.select().from(organizationSso).where(eq(organizationSso.partnerId, partnerId));
    const secret = input.clientSecret?.trim();
    const columns = { issuer: input.issuer.replace(/\/+$/, ''), clientId: input.clientId, enforced: input.enforced };
    if (!secret) {
      if (!existing) throw fieldError('clientSecret', 'Enter the client secret');
      await tx.update(organizationSso).set(columns).where(eq(organizationSso.partnerId, partnerId));
    } else {
      const sealed = sealSecretValue(bindingOf(partnerId), secret, masterKeyRing());
      const secretColumns = {
        secretCiphertext: sealed.ciphertext,
        secretNonce: sealed.nonce,
        secretWrappedKey: sealed.wrappedDataKey,
        secretMasterKeyId: sealed.masterKeyId,
      };
      await tx
        .insert(organizationSso)
        .values({ partnerId, ...columns, ...secretColumns })
        .onConflictDoUpdate({ target: organizationSso.partnerId, set: { ...columns, ...secretColumns, updatedAt: new Date() } });
    }
    return { partnerId, issuer: columns.issuer, enforced: input.enforced };
  },
  message: 'Single sign-on saved.',
  // Never the secret.
  audit: (r) => ({
    action: 'security.sso_update',
    partnerId: r.partnerId,
    targetType: 'partner',
    targetId: r.partnerId,
    metadata: { issuer: r.issuer, enforced: r.enforced },
  }),
};

export interface SsoRoute {
  partnerId: string;
  enforced: boolean;
  sso: SsoRow;
}

/** The domain of an address, lower case. */
export function emailDomain(email: string): string {
  return email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}

/**
 * The organization whose single sign-on an address belongs to: its domain verified by that organization,
 * which has a provider connected. Null: password sign-in as usual.
 */
export async function ssoRouteForEmail(db: Queryable, email: string): Promise<SsoRoute | null> {
  const [row] = await db
    .select({ sso: organizationSso })
    .from(ssoDomains)
    .innerJoin(organizationSso, eq(organizationSso.partnerId, ssoDomains.partnerId))
    .where(and(eq(ssoDomains.domain, emailDomain(email)), isNotNull(ssoDomains.verifiedAt)))
    .limit(1);
  return row ? { partnerId: row.sso.partnerId, enforced: row.sso.enforced, sso: row.sso } : null;
}
