import 'server-only';
import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { signInFailures } from '@/db/schema';
import { newId } from '@/lib/ids';

// Five wrong passwords per email and IP in fifteen minutes; the sixth attempt is refused.
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Kept in Postgres rather than in memory so that every instance of the portal sees the same
 * count and a restart does not reset it.
 */
export async function isSignInThrottled(db: Queryable, email: string, ip: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const [row] = await db
    .select({ n: count() })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, email), eq(signInFailures.ip, ip), gte(signInFailures.occurredAt, since)));
  return (row?.n ?? 0) >= SIGN_IN_MAX_FAILURES;
}

export async function recordSignInFailure(db: Queryable, email: string, ip: string, now = new Date()): Promise<void> {
  await db.insert(signInFailures).values({ id: newId('sif'), email, ip, occurredAt: now });
  // Old rows have no use; dropping them here keeps the table small without a scheduled job.
  await db.delete(signInFailures).where(lt(signInFailures.occurredAt, new Date(now.getTime() - SIGN_IN_WINDOW_MS)));
}

export async function clearSignInFailures(db: Queryable, email: string, ip: string): Promise<void> {
  await db.delete(signInFailures).where(and(eq(signInFailures.email, email), eq(signInFailures.ip, ip)));
}
