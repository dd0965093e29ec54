import { bigint, bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The change log embedded verifiers follow (a transactional outbox): one row per change to a key or an
 * organization, written in the transaction that makes the change (lib/keys/key-change-log.ts). `seq`
 * orders them; writers serialise on an advisory lock, so rows commit in `seq` order and a reader that
 * saw `seq` n has seen every row before it. `payload` is the entity's state after the change (never a
 * secret; a key's SHA-256 is peppered per verifier credential on the way out).
 */
export const verifierChanges = pgTable(
  'verifier_changes',
  {
    seq: bigserial({ mode: 'number' }).primaryKey(),
    kind: text({ enum: ['key', 'organization', 'reset'] }).notNull(),
    entityId: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('verifier_changes_created_idx').on(t.createdAt)],
);

/** Verifier processes seen by the portal (the staff fleet page): one row per running verifier. */
export const verifierConnections = pgTable(
  'verifier_connections',
  {
    // Chosen by the verifier process at start (random), sent in `x-verifier-instance`.
    id: text().primaryKey(),
    credentialKeyId: text().notNull(),
    version: text().notNull(),
    hostname: text(),
    /** The last seq the portal sent it (or it reported applying). */
    seq: bigint({ mode: 'number' }).notNull().default(0),
    /** How far behind the newest seq it was when last seen. */
    lag: bigint({ mode: 'number' }).notNull().default(0),
    requestsReported: bigint({ mode: 'number' }).notNull().default(0),
    connectedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('verifier_connections_last_seen_idx').on(t.lastSeenAt)],
);
