import 'server-only';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { webauthnChallenges, type WebauthnPurpose } from '@/db/schema';
import { newId } from '@/lib/ids';

/** How long a browser has to answer a passkey prompt (the browser's own timeout is 60 s). */
export const WEBAUTHN_CHALLENGE_TTL_MS = 5 * 60_000;

/** Keeps a challenge handed to a browser; answers older than the TTL are refused. Old rows are swept here. */
export async function storeChallenge(
  db: Queryable,
  params: { purpose: WebauthnPurpose; userId: string | null; challenge: string },
  now = new Date(),
): Promise<string> {
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, new Date(now.getTime() - WEBAUTHN_CHALLENGE_TTL_MS)));
  const id = newId('wac');
  await db.insert(webauthnChallenges).values({
    id,
    userId: params.userId,
    purpose: params.purpose,
    challenge: params.challenge,
    expiresAt: new Date(now.getTime() + WEBAUTHN_CHALLENGE_TTL_MS),
    createdAt: now,
  });
  return id;
}

/**
 * Uses up a challenge: one update that only an unused, unexpired challenge of this purpose (and user) passes,
 * so two answers racing for the same challenge cannot both win. Null when it is unknown, used, expired, of
 * another purpose or another user's.
 */
export async function consumeChallenge(
  db: Queryable,
  params: { id: string; purpose: WebauthnPurpose; userId: string | null },
  now = new Date(),
): Promise<string | null> {
  const [row] = await db
    .update(webauthnChallenges)
    .set({ usedAt: now })
    .where(
      and(
        eq(webauthnChallenges.id, params.id),
        eq(webauthnChallenges.purpose, params.purpose),
        params.userId === null ? isNull(webauthnChallenges.userId) : eq(webauthnChallenges.userId, params.userId),
        isNull(webauthnChallenges.usedAt),
        gt(webauthnChallenges.expiresAt, now),
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge });
  return row?.challenge ?? null;
}
