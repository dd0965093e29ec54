import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { partners } from './partners';
import { users } from './users';

/** Made for every organization when it is created; custom ones may be added. */
export const defaultEnvironmentSlugs = ['development', 'staging', 'production'] as const;

export const environments = pgTable(
  'environments',
  {
    id: text().primaryKey(),
    partnerId: text()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    slug: text().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('environments_partner_slug_idx').on(t.partnerId, t.slug)],
);

export const secretKinds = ['env_var', 'api_key'] as const;
export type SecretKind = (typeof secretKinds)[number];

export const secrets = pgTable(
  'secrets',
  {
    id: text().primaryKey(),
    partnerId: text()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    environmentId: text()
      .notNull()
      .references(() => environments.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    kind: text({ enum: secretKinds }).notNull().default('env_var'),
    currentVersion: integer().notNull(),
    // Soft delete: restorable for 30 days, then purged.
    deletedAt: timestamp({ withTimezone: true }),
    updatedById: text().references(() => users.id, { onDelete: 'set null' }),
    lastReadAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('secrets_environment_name_idx').on(t.environmentId, t.name),
    index('secrets_partner_idx').on(t.partnerId),
    check('secrets_kind_check', sql`${t.kind} in ('env_var', 'api_key')`),
    check('secrets_name_check', sql`${t.name} ~ '^[A-Z_][A-Z0-9_]*$'`),
  ],
);

/**
 * One row per value a secret ever had. The value is AES-256-GCM ciphertext under a data key of its
 * own; the data key is stored wrapped by the master key `masterKeyId`. All binary fields are base64.
 */
export const secretVersions = pgTable(
  'secret_versions',
  {
    id: text().primaryKey(),
    secretId: text()
      .notNull()
      .references(() => secrets.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    // The ciphertext followed by its 16-byte GCM tag.
    ciphertext: text().notNull(),
    nonce: text().notNull(),
    // nonce ‖ wrapped key ‖ tag, under the master key.
    wrappedDataKey: text().notNull(),
    masterKeyId: text().notNull(),
    createdById: text().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('secret_versions_secret_version_idx').on(t.secretId, t.version), index('secret_versions_master_key_idx').on(t.masterKeyId)],
);

// `compare`: an import preview compared pasted values with the stored ones (it tells equal from different).
export const secretAccessActions = ['reveal', 'pull', 'export', 'compare', 'create', 'update', 'delete', 'restore', 'rollback'] as const;
export type SecretAccessAction = (typeof secretAccessActions)[number];

/** Every read of a secret's value and every change to it. No foreign keys: the trail outlives what it names. */
export const accessLogs = pgTable(
  'access_logs',
  {
    id: text().primaryKey(),
    partnerId: text().notNull(),
    environmentId: text().notNull(),
    secretId: text().notNull(),
    secretName: text().notNull(),
    version: integer(),
    actorType: text({ enum: ['user', 'api_key'] }).notNull(),
    actorId: text().notNull(),
    actorLabel: text(),
    action: text({ enum: secretAccessActions }).notNull(),
    ip: text(),
    userAgent: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('access_logs_secret_time_idx').on(t.secretId, t.occurredAt.desc()),
    index('access_logs_environment_time_idx').on(t.environmentId, t.occurredAt.desc()),
    index('access_logs_partner_time_idx').on(t.partnerId, t.occurredAt.desc()),
  ],
);
