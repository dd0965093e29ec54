import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { partners } from './partners';

export const alertKinds = ['traffic_spike', 'error_rate', 'quota_80', 'quota_100'] as const;
export type AlertKind = (typeof alertKinds)[number];

/**
 * Raised by the evaluator when a condition starts to hold and resolved when it stops. No foreign key to
 * the key: an alert about a key stays readable after the key is gone.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: text().primaryKey(),
    partnerId: text()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    // Null for an organization-wide alert (traffic spike, error rate).
    apiKeyId: text(),
    kind: text({ enum: alertKinds }).notNull(),
    message: text().notNull(),
    triggeredAt: timestamp({ withTimezone: true }).notNull(),
    resolvedAt: timestamp({ withTimezone: true }),
    lastNotifiedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // At most one open alert per (organization, key, kind): two instances evaluating at once cannot both raise it.
    uniqueIndex('alerts_open_unique')
      .on(t.partnerId, sql`coalesce(${t.apiKeyId}, '')`, t.kind)
      .where(sql`${t.resolvedAt} is null`),
    index('alerts_partner_time_idx').on(t.partnerId, t.triggeredAt.desc()),
    index('alerts_time_idx').on(t.triggeredAt.desc()),
    check('alerts_kind_check', sql`${t.kind} in ('traffic_spike', 'error_rate', 'quota_80', 'quota_100')`),
  ],
);

/**
 * Where an organization receives its alerts. The secret signs each delivery (HMAC-SHA256); the server
 * must read it to sign, so it is kept like a secret manager value: AES-256-GCM under a data key wrapped
 * by the master key (all base64). It is shown to the partner once, when it is made.
 */
export const partnerWebhooks = pgTable('partner_webhooks', {
  partnerId: text()
    .primaryKey()
    .references(() => partners.id, { onDelete: 'cascade' }),
  url: text().notNull(),
  // Only rows saved before encryption existed; encrypted (and cleared) at the next start.
  secret: text(),
  secretCiphertext: text(),
  secretNonce: text(),
  secretWrappedKey: text(),
  secretMasterKeyId: text(),
  ...timestamps,
});
