import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const actorTypes = ['user', 'api_key', 'system'] as const;
export type ActorType = (typeof actorTypes)[number];

/**
 * Every sensitive change. No foreign keys on purpose: the trail must outlive
 * the users, partners and keys it speaks of.
 */
export const auditLogs = pgTable(
  'audit_logs',
  {
    id: text().primaryKey(),
    actorType: text({ enum: actorTypes }).notNull(),
    actorId: text(),
    // A snapshot (e.g. the email) so the row still reads well after the actor is gone.
    actorLabel: text(),
    partnerId: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ip: text(),
    userAgent: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_logs_partner_time_idx').on(t.partnerId, t.occurredAt.desc()),
    index('audit_logs_time_idx').on(t.occurredAt.desc()),
    index('audit_logs_actor_idx').on(t.actorId),
    index('audit_logs_action_idx').on(t.action),
  ],
);
