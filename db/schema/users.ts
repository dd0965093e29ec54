import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';

export const staffRoles = ['admin', 'support'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const users = pgTable(
  'users',
  {
    id: text().primaryKey(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    staffRole: text({ enum: staffRoles }),
    disabledAt: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    // Set when the user changes their password: sessions signed in before it are ended.
    passwordChangedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // Emails are unique whatever their letter case.
    uniqueIndex('users_email_lower_unique').on(sql`lower(${t.email})`),
    check('users_staff_role_check', sql`${t.staffRole} is null or ${t.staffRole} in ('admin', 'support')`),
  ],
);

/**
 * Sign-in attempts that failed or are still being verified, counted per (email, ip) and per ip to throttle
 * password guessing across instances. A row is reserved before the password is checked and removed on success.
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: text().primaryKey(),
    email: text().notNull(),
    ip: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sign_in_failures_email_ip_time_idx').on(t.email, t.ip, t.occurredAt),
    // The per-IP limit across emails.
    index('sign_in_failures_ip_time_idx').on(t.ip, t.occurredAt),
  ],
);
