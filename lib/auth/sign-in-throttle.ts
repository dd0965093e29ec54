import 'server-only';
import { and, count, eq, gte, lt, sql } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { signInFailures } from '@/db/schema';
import { newId } from '@/lib/ids';

// Five wrong passwords per email and IP in fifteen minutes; the sixth attempt is refused.
export const SIGN_IN_MAX_FAILURES = 5;
// And thirty per IP across every email (password spraying), in the same window.
export const SIGN_IN_MAX_FAILURES_PER_IP = 30;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Takes a transaction-scoped advisory lock on a key (any string): concurrent holders of the same key
 * queue up, on every instance, until the transaction ends.
 */
export async function lockKey(tx: Queryable, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

async function counts(db: Queryable, email: string, ip: string, now: Date): Promise<{ pair: number; ip: number }> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [row] = await db
    .select({
      pair: sql<number>`count(*) filter (where ${signInFailures.email} = ${email})`.mapWith(Number),
      ip: count(),
    })
    .from(signInFailures)
    .where(and(eq(signInFailures.ip, ip), gte(signInFailures.occurredAt, since)));
  return { pair: row?.pair ?? 0, ip: row?.ip ?? 0 };
}

const overLimit = (c: { pair: number; ip: number }) => c.pair >= SIGN_IN_MAX_FAILURES || c.ip >= SIGN_IN_MAX_FAILURES_PER_IP;

/**
 * Kept in Postgres rather than in memory so that every instance of the portal sees the same
 * count and a restart does not reset it.
 */
export async function isSignInThrottled(db: Queryable, email: string, ip: string, now = new Date()): Promise<boolean> {
  return overLimit(await counts(db, email, ip, now));
}

/**
 * Reserves one attempt BEFORE the password is checked: under a lock per IP (which covers both the
 * (email, ip) and the per-IP count), counts the failures and attempts in flight and, below the limits,
 * inserts this attempt's row, all in one transaction. However many attempts arrive at once, on however
 * many instances, at most the limit get past this point. The row counts as a failure unless the attempt
 * succeeds and releases it (`releaseSignInAttempt`). Null: throttled.
 */
export async function reserveSignInAttempt(db: Queryable, email: string, ip: string, now = new Date()): Promise<string | null> {
  return db.transaction(async (tx) => {
    await lockKey(tx, `sign-in:${ip}`);
    if (overLimit(await counts(tx, email, ip, now))) return null;
    const id = newId('sif');
    await tx.insert(signInFailures).values({ id, email, ip, occurredAt: now });
    return id;
  });
}

/** A successful sign-in: its reserved attempt and the earlier failures of this email and IP are cleared. */
export async function releaseSignInAttempt(db: Queryable, attemptId: string, email: string, ip: string): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.id, attemptId));
  await clearSignInFailures(db, email, ip);
}

/** Old rows have no use; dropping them after a failure keeps the table small without a scheduled job. */
export async function pruneSignInFailures(db: Queryable, now = new Date()): Promise<void> {
  await db.delete(signInFailures).where(lt(signInFailures.occurredAt, new Date(now.getTime() - SIGN_IN_WINDOW_MS)));
}

/** Records a failure without a reservation (kept for callers that check something else than a password). */
export async function recordSignInFailure(db: Queryable, email: string, ip: string, now = new Date()): Promise<void> {
  await db.insert(signInFailures).values({ id: newId('sif'), email, ip, occurredAt: now });
  await pruneSignInFailures(db, now);
}

export async function clearSignInFailures(db: Queryable, email: string, ip: string): Promise<void> {
  await db.delete(signInFailures).where(and(eq(signInFailures.email, email), eq(signInFailures.ip, ip)));
}
