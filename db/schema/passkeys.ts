import { bigint, boolean, check, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users';

/**
 * A person's passkeys (WebAuthn credentials). A passkey signs in on its own (it is both factors: the device
 * and its unlock) and counts as a second factor. `counter` is the authenticator's signature counter: an
 * assertion whose counter does not move forward (when the authenticator keeps one) is a cloned key, refused.
 */
export const passkeys = pgTable(
  'passkeys',
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The credential id, base64url, as the browser reports it. */
    credentialId: text().notNull().unique(),
    /** The COSE public key, base64url. */
    publicKey: text().notNull(),
    counter: bigint({ mode: 'number' }).notNull().default(0),
    transports: jsonb().$type<string[]>().notNull().default([]),
    /** `multiDevice` (synced, e.g. a platform passkey) or `singleDevice` (a security key). */
    deviceType: text().notNull(),
    backedUp: boolean().notNull().default(false),
    name: text().notNull(),
    lastUsedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('passkeys_user_idx').on(t.userId)],
);

export const webauthnPurposes = ['register', 'sign_in', 'second_factor'] as const;
export type WebauthnPurpose = (typeof webauthnPurposes)[number];

/**
 * The challenges the portal handed a browser for a passkey ceremony, kept on the server: each is good for
 * one answer (`usedAt`), within minutes (`expiresAt`), for one purpose and, except a passwordless
 * sign-in's, one user.
 */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    id: text().primaryKey(),
    userId: text().references(() => users.id, { onDelete: 'cascade' }),
    purpose: text({ enum: webauthnPurposes }).notNull(),
    challenge: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('webauthn_challenges_expires_idx').on(t.expiresAt),
    check('webauthn_challenges_purpose_check', sql`${t.purpose} in ('register', 'sign_in', 'second_factor')`),
  ],
);
