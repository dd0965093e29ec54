import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { users } from './users';

export const partnerStatuses = ['pending', 'active', 'suspended'] as const;
export type PartnerStatus = (typeof partnerStatuses)[number];
export const supportTiers = ['standard', 'priority', 'enterprise'] as const;
export type SupportTier = (typeof supportTiers)[number];
export const partnerRoles = ['partner_admin', 'developer'] as const;
export type PartnerRole = (typeof partnerRoles)[number];

export const partners = pgTable(
  'partners',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    slug: text().notNull().unique(),
    status: text({ enum: partnerStatuses }).notNull().default('pending'),
    primaryContactId: text().references(() => users.id, { onDelete: 'set null' }),
    supportTier: text({ enum: supportTiers }).notNull().default('standard'),
    // The profile a partner completes during onboarding.
    website: text(),
    description: text(),
    // Set by staff (per tier): no key of the organization may be allowed more per minute than this,
    // and keys without a limit of their own get it.
    keyRateLimitPerMinute: integer().notNull().default(600),
    // Set by staff: billable requests per calendar month (UTC) for all the organization's keys together.
    monthlyQuota: integer().notNull().default(100_000),
    approvedAt: timestamp({ withTimezone: true }),
    suspendedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('partners_status_idx').on(t.status),
    check('partners_status_check', sql`${t.status} in ('pending', 'active', 'suspended')`),
    check('partners_tier_check', sql`${t.supportTier} in ('standard', 'priority', 'enterprise')`),
    check('partners_limits_check', sql`${t.keyRateLimitPerMinute} > 0 and ${t.monthlyQuota} > 0`),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    id: text().primaryKey(),
    partnerId: text()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text({ enum: partnerRoles }).notNull(),
    ...timestamps,
  },
  (t) => [
    unique('memberships_partner_user_unique').on(t.partnerId, t.userId),
    index('memberships_user_idx').on(t.userId),
    check('memberships_role_check', sql`${t.role} in ('partner_admin', 'developer')`),
  ],
);

export const invites = pgTable(
  'invites',
  {
    id: text().primaryKey(),
    partnerId: text()
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    role: text({ enum: partnerRoles }).notNull(),
    // Only the hash of the invite token is kept; the link is shown once to the inviter.
    tokenHash: text().notNull().unique(),
    invitedById: text().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('invites_partner_idx').on(t.partnerId)],
);
