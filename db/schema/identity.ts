import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { partners } from './partners';
import { users } from './users';

export const factorKinds = ['totp'] as const;
export type FactorKind = (typeof factorKinds)[number];

/**
 * A person's second factors. A TOTP secret is sealed with the secrets envelope (bound to the user and the
 * factor), never stored in the clear. `lastTimeStep` is the last accepted TOTP step: a code is used once.
 * Unconfirmed rows are enrolments in progress (the QR code shown, no code typed yet): they count for nothing.
 */
export const userFactors = pgTable(
  'user_factors',
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text({ enum: factorKinds }).notNull(),
    name: text().notNull(),
    secretCiphertext: text(),
    secretNonce: text(),
    secretWrappedKey: text(),
    secretMasterKeyId: text(),
    lastTimeStep: integer(),
    confirmedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('user_factors_user_idx').on(t.userId), check('user_factors_kind_check', sql`${t.kind} in ('totp')`)],
);

/** Ten single-use codes per user, for when the authenticator is lost; only their SHA-256 is kept. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('recovery_codes_user_hash_unique').on(t.userId, t.codeHash)],
);

/**
 * Portal-wide security settings, one row (`id = 'portal'`). `staffRequireTwoFactor` null: the default
 * (required in production, see lib/identity/two-factor-policy.ts).
 */
export const securitySettings = pgTable('security_settings', {
  id: text().primaryKey(),
  staffRequireTwoFactor: boolean(),
  ...timestamps,
});

/** An organization's own security settings: whether its members must use a second factor. */
export const organizationSecurity = pgTable('organization_security', {
  partnerId: text()
    .primaryKey()
    .references(() => partners.id, { onDelete: 'cascade' }),
  requireTwoFactor: boolean().notNull().default(false),
  ...timestamps,
});

/**
 * An organization's own OIDC provider (per-organization single sign-on). The client secret is sealed with
 * the secrets envelope, bound to the organization. `enforced`: members of its verified domains must use it.
 */
export const organizationSso = pgTable('organization_sso', {
  partnerId: text()
    .primaryKey()
    .references(() => partners.id, { onDelete: 'cascade' }),
  issuer: text().notNull(),
  clientId: text().notNull(),
  secretCiphertext: text().notNull(),
  secretNonce: text().notNull(),
  secretWrappedKey: text().notNull(),
  secretMasterKeyId: text().notNull(),
  enforced: boolean().notNull().default(false),
  ...timestamps,
});

/**
 * An email domain an organization claims for its single sign-on, proven by a link mailed to an address at
 * that domain (only the link token's SHA-256 is kept). A domain is verified by one organization at most.
 */
export const ssoDomains = pgTable(
  'sso_domains',
  {
    id: text().primaryKey(),
    partnerId: text()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    domain: text().notNull(),
    verificationEmail: text().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    verifiedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sso_domains_domain_idx').on(t.domain),
    uniqueIndex('sso_domains_verified_domain_unique')
      .on(t.domain)
      .where(sql`${t.verifiedAt} is not null`),
  ],
);
