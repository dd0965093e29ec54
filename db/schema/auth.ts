import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { partners } from './partners';
import { users } from './users';

export const sessionMethods = ['password', 'sso', 'passkey'] as const;
export const sessionStages = ['active', 'second_factor'] as const;
export type SessionStage = (typeof sessionStages)[number];
export type SessionMethod = (typeof sessionMethods)[number];

/**
 * Server-side sessions: the JWT carries only `sid`, and every request checks the row (with the actor
 * load), so signing out, a password change or a disabled account ends a session at once.
 * `expiresAt` slides forward with use (at most once every few minutes per session).
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    ip: text(),
    userAgent: text(),
    method: text({ enum: sessionMethods }).notNull().default('password'),
    // 'second_factor': the password was right, the second factor not yet given; nothing works but that step.
    stage: text({ enum: sessionStages }).notNull().default('active'),
    // When a second factor was last given in this session (sign-in or step-up): fresh within 10 minutes.
    secondFactorAt: timestamp({ withTimezone: true }),
    // The organization this session works in, chosen with the switcher. Only honoured while the user is a
    // member of it (checked with every actor load); null or stale: the oldest membership.
    activePartnerId: text().references(() => partners.id, { onDelete: 'set null' }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * A self-service sign-up waiting for its email to be confirmed: nothing (user, organization) exists until
 * the link mailed to the address is used. Only the SHA-256 of the link's token is kept.
 */
export const signUpRequests = pgTable(
  'sign_up_requests',
  {
    id: text().primaryKey(),
    email: text().notNull(),
    name: text().notNull(),
    organization: text().notNull(),
    passwordHash: text().notNull(),
    tokenHash: text().notNull().unique(),
    ip: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('sign_up_requests_email_idx').on(t.email)],
);

/** Every sign-up submission, known address or not, counted per IP to throttle sign-up. */
export const signUpAttempts = pgTable(
  'sign_up_attempts',
  {
    id: text().primaryKey(),
    ip: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_up_attempts_ip_time_idx').on(t.ip, t.occurredAt)],
);
