import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { partners } from './partners';
import { users } from './users';

export const keyEnvironments = ['test', 'live'] as const;
export type KeyEnvironment = (typeof keyEnvironments)[number];

/** Why a key exists beyond its name: `try_it` = made by the reference's try-it console for itself (read-only, one hour). */
export const keyPurposes = ['try_it'] as const;
export type KeyPurpose = (typeof keyPurposes)[number];

export const apiScopes = ['catalog:read', 'docs:read', 'usage:read', 'secrets:read', 'keys:write', 'keys:verify', 'keys:sync'] as const;
export type ApiScope = (typeof apiScopes)[number];

/**
 * The most a key may ever do: what its maker could do when it was made (see lib/auth/actor.ts,
 * `KeyCeiling`). Stored with the key and copied on rotation. Times are epoch milliseconds.
 */
export interface StoredKeyCeiling {
  origin: 'system' | 'staff' | 'partner_admin' | 'developer' | 'key';
  keyEnvironments: KeyEnvironment[];
  scopes: ApiScope[];
  secretEnvironments: string[] | null;
  ipAllowlist: string[] | null;
  expiresAt: number | null;
  rateLimitPerMinute: number | null;
  monthlyQuota: number | null;
}

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text().primaryKey(),
    partnerId: text()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    // Null when the key was made by another key (automation) or from the shell.
    createdById: text().references(() => users.id, { onDelete: 'set null' }),
    createdByKeyId: text(),
    keyName: text().notNull(),
    // What the portal shows (`pp_live_AbC123`); the secret itself is never stored.
    tokenPrefix: text().notNull(),
    keyHash: text().notNull().unique(),
    environment: text({ enum: keyEnvironments }).notNull(),
    scopes: text()
      .array()
      .$type<ApiScope[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    isActive: boolean().notNull().default(true),
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    rateLimitPerMinute: integer(),
    monthlyQuota: integer(),
    ipAllowlist: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // The secret environments (slugs) this key may pull; null means all (a test key never reads production).
    secretEnvironments: text().array(),
    rotatedFromId: text().references((): AnyPgColumn => apiKeys.id, { onDelete: 'set null' }),
    purpose: text({ enum: keyPurposes }),
    // When a rotation replaced this key: it may call until it expires, but never manage keys again.
    rotatedAt: timestamp({ withTimezone: true }),
    ceiling: jsonb().$type<StoredKeyCeiling>().notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('api_keys_partner_created_idx').on(t.partnerId, t.createdAt.desc()),
    index('api_keys_rotated_from_idx').on(t.rotatedFromId),
    check('api_keys_environment_check', sql`${t.environment} in ('test', 'live')`),
    check('api_keys_purpose_check', sql`${t.purpose} is null or ${t.purpose} in ('try_it')`),
    check(
      'api_keys_limits_check',
      sql`(${t.rateLimitPerMinute} is null or ${t.rateLimitPerMinute} > 0) and (${t.monthlyQuota} is null or ${t.monthlyQuota} > 0)`,
    ),
  ],
);
