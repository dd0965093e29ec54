import 'server-only';
import { createHash, randomInt } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { recoveryCodes } from '@/db/schema';
import { newId } from '@/lib/ids';

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: codes are read off paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Case, spaces and dashes do not matter when a code is typed. */
function normalize(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

function hashCode(code: string): string {
  // Ten random characters from 31 (~50 bits), single use: a fast hash is enough.
  return createHash('sha256').update(normalize(code)).digest('hex');
}

function newCode(): string {
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** Replaces every code of the user with ten new ones, returned in the clear this once. */
export async function replaceRecoveryCodes(tx: Queryable, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ id: newId('rcv'), userId, codeHash: hashCode(code) })));
  return codes;
}

/** Uses a code: true once, false for an unknown or already used one (the update decides, so two at once cannot both win). */
export async function redeemRecoveryCode(tx: Queryable, userId: string, code: string, now = new Date()): Promise<boolean> {
  if (normalize(code).length !== 10) return false;
  const used = await tx
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}

export async function unusedRecoveryCodeCount(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

export async function deleteRecoveryCodes(tx: Queryable, userId: string): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}
