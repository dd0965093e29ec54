import 'server-only';
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { userFactors } from '@/db/schema';
import { fieldError, NotFoundError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { openSecretValue, sealSecretValue, type SecretBinding } from '@/lib/secrets/envelope';
import { masterKeyRing } from '@/lib/secrets/master-keys';
import type { AuthenticationResponseJSON } from '@simplewebauthn/types';
import { decodePasskeyAnswer, isPasskeyAnswer } from './passkey-answer';
import { verifyPasskeyAssertion } from './passkey-assertion';
import type { RelyingParty } from './passkey-relying-party';
import { parseCredentialJson } from './passkeys';
import { deleteRecoveryCodes, replaceRecoveryCodes, unusedRecoveryCodeCount, redeemRecoveryCode } from './recovery-codes';
import { matchTotpCode, newTotpSecret, totpUri } from './totp';
import { twoFactorStatus } from './two-factor-policy';

type FactorRow = typeof userFactors.$inferSelect;

// Bound to the user and the factor: a row copied to another user does not open.
const bindingOf = (userId: string, factorId: string): SecretBinding => ({ partnerId: userId, environmentId: 'totp-factor', name: factorId, version: 1 });

function totpSecretOf(row: FactorRow): string {
  if (!row.secretCiphertext || !row.secretNonce || !row.secretWrappedKey || !row.secretMasterKeyId) throw new Error(`factor ${row.id} has no secret`);
  return openSecretValue(
    bindingOf(row.userId, row.id),
    { ciphertext: row.secretCiphertext, nonce: row.secretNonce, wrappedDataKey: row.secretWrappedKey, masterKeyId: row.secretMasterKeyId },
    masterKeyRing(),
  );
}

export interface FactorSummary {
  id: string;
  kind: FactorRow['kind'];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function listFactors(db: Queryable, userId: string): Promise<FactorSummary[]> {
  return db
    .select({ id: userFactors.id, kind: userFactors.kind, name: userFactors.name, createdAt: userFactors.createdAt, lastUsedAt: userFactors.lastUsedAt })
    .from(userFactors)
    .where(and(eq(userFactors.userId, userId), isNotNull(userFactors.confirmedAt)))
    .orderBy(asc(userFactors.createdAt));
}

/**
 * Starts a TOTP enrolment: a new secret (sealed), not yet confirmed, replacing any earlier enrolment left
 * half-way. The secret and its `otpauth://` URI go to the QR code; nothing counts until a code confirms it.
 */
export async function startTotpEnrolment(tx: Queryable, user: { userId: string; email: string }): Promise<{ factorId: string; secret: string; uri: string }> {
  await tx.delete(userFactors).where(and(eq(userFactors.userId, user.userId), isNull(userFactors.confirmedAt)));
  const factorId = newId('fac');
  const secret = newTotpSecret();
  const sealed = sealSecretValue(bindingOf(user.userId, factorId), secret, masterKeyRing());
  await tx.insert(userFactors).values({
    id: factorId,
    userId: user.userId,
    kind: 'totp',
    name: 'Authenticator app',
    secretCiphertext: sealed.ciphertext,
    secretNonce: sealed.nonce,
    secretWrappedKey: sealed.wrappedDataKey,
    secretMasterKeyId: sealed.masterKeyId,
  });
  return { factorId, secret, uri: totpUri(secret, user.email) };
}

/**
 * Confirms an enrolment with a code from the app. The first factor of a user also gets ten recovery
 * codes, returned this once (null when the user already has unused ones).
 */
export async function confirmTotpEnrolment(
  tx: Queryable,
  userId: string,
  input: { factorId: string; code: string; name?: string },
  now = new Date(),
): Promise<{ factorId: string; recoveryCodes: string[] | null }> {
  const [row] = await tx
    .select()
    .from(userFactors)
    .where(and(eq(userFactors.id, input.factorId), eq(userFactors.userId, userId), isNull(userFactors.confirmedAt)))
    .for('update');
  if (!row) throw fieldError('code', 'This enrolment has expired. Start again.');
  const step = await matchTotpCode(totpSecretOf(row), input.code, { now });
  if (step === null) throw fieldError('code', 'That code is not right. Type the 6 digits your app shows now.');
  await tx
    .update(userFactors)
    .set({ confirmedAt: now, lastTimeStep: step, lastUsedAt: now, name: input.name?.trim() || row.name })
    .where(eq(userFactors.id, row.id));
  const recoveryCodes = (await unusedRecoveryCodeCount(tx, userId)) === 0 ? await replaceRecoveryCodes(tx, userId) : null;
  return { factorId: row.id, recoveryCodes };
}

export type SecondFactorUse = { kind: 'totp'; factorId: string } | { kind: 'recovery_code' } | { kind: 'passkey'; passkeyId: string };

/**
 * Checks a second factor: a passkey's answer (`passkey:…`, lib/identity/passkey-answer.ts) to a challenge
 * given to this user, a current code of any of the user's authenticator apps (±1 step, each step once),
 * else one of their unused recovery codes (then used up). Null when nothing matches.
 */
export async function redeemSecondFactor(
  tx: Queryable,
  userId: string,
  code: string,
  now = new Date(),
  rp: RelyingParty | null = null,
): Promise<SecondFactorUse | null> {
  const trimmed = code.trim();
  if (isPasskeyAnswer(trimmed)) {
    const answer = decodePasskeyAnswer(trimmed);
    if (!answer || !rp) return null;
    let response: AuthenticationResponseJSON;
    try {
      response = parseCredentialJson<AuthenticationResponseJSON>(answer.credentialJson);
    } catch {
      return null;
    }
    const result = await verifyPasskeyAssertion(tx, { purpose: 'second_factor', challengeId: answer.challengeId, response, userId }, rp, now);
    return result.ok ? { kind: 'passkey', passkeyId: result.passkeyId } : null;
  }
  if (/^\d{3}\s?\d{3}$/.test(trimmed)) {
    const factors = await tx
      .select()
      .from(userFactors)
      .where(and(eq(userFactors.userId, userId), eq(userFactors.kind, 'totp'), isNotNull(userFactors.confirmedAt)))
      .for('update');
    for (const factor of factors) {
      const step = await matchTotpCode(totpSecretOf(factor), trimmed, { now, afterTimeStep: factor.lastTimeStep });
      if (step !== null) {
        await tx.update(userFactors).set({ lastTimeStep: step, lastUsedAt: now }).where(eq(userFactors.id, factor.id));
        return { kind: 'totp', factorId: factor.id };
      }
    }
    return null;
  }
  return (await redeemRecoveryCode(tx, userId, trimmed, now)) ? { kind: 'recovery_code' } : null;
}

async function confirmedFactor(tx: Queryable, userId: string, factorId: string): Promise<FactorRow> {
  const [row] = await tx
    .select()
    .from(userFactors)
    .where(and(eq(userFactors.id, factorId), eq(userFactors.userId, userId), isNotNull(userFactors.confirmedAt)));
  if (!row) throw new NotFoundError('That factor does not exist.');
  return row;
}

export async function renameFactor(tx: Queryable, userId: string, factorId: string, name: string): Promise<FactorSummary> {
  const row = await confirmedFactor(tx, userId, factorId);
  await tx.update(userFactors).set({ name }).where(eq(userFactors.id, row.id));
  return { id: row.id, kind: row.kind, name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt };
}

/**
 * Removes a factor. The user's last second factor (no other app, no passkey) cannot go while they must use
 * two-factor; with it go the recovery codes (they only stand in for a factor).
 */
export async function removeFactor(tx: Queryable, userId: string, factorId: string): Promise<{ factor: FactorSummary; wasLast: boolean }> {
  const row = await confirmedFactor(tx, userId, factorId);
  await tx.delete(userFactors).where(eq(userFactors.id, row.id));
  const status = await twoFactorStatus(tx, userId);
  if (!status.hasSecondFactor) {
    // Thrown inside the action's transaction: the delete above is rolled back.
    if (status.required) throw fieldError('factorId', 'Two-factor sign-in is required for your account: add another factor before removing this one.');
    await deleteRecoveryCodes(tx, userId);
  }
  return { factor: { id: row.id, kind: row.kind, name: row.name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt }, wasLast: !status.hasSecondFactor };
}
