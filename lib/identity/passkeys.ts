import 'server-only';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import { isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers';
import type { AuthenticatorTransportFuture, PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/types';
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { passkeys } from '@/db/schema';
import { fieldError, NotFoundError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { deleteRecoveryCodes } from './recovery-codes';
import type { RelyingParty } from './passkey-relying-party';
import { twoFactorStatus } from './two-factor-policy';
import { consumeChallenge, storeChallenge } from './webauthn-challenges';

export interface PasskeySummary {
  id: string;
  name: string;
  deviceType: string;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const summaryColumns = {
  id: passkeys.id,
  name: passkeys.name,
  deviceType: passkeys.deviceType,
  backedUp: passkeys.backedUp,
  createdAt: passkeys.createdAt,
  lastUsedAt: passkeys.lastUsedAt,
};

export async function listPasskeys(db: Queryable, userId: string): Promise<PasskeySummary[]> {
  return db.select(summaryColumns).from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt));
}

/**
 * Step one of adding a passkey: the options for `navigator.credentials.create` (a discoverable credential,
 * so that it can sign in without an email; the user's own passkeys excluded), its challenge kept on the server.
 */
export async function startPasskeyRegistration(
  tx: Queryable,
  user: { userId: string; email: string; name: string },
  rp: RelyingParty,
  now = new Date(),
): Promise<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const existing = await tx
    .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, user.userId));
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    // The user handle a discoverable passkey carries; the portal finds the passkey by its credential id.
    userID: isoUint8Array.fromUTF8String(user.userId),
    userName: user.email,
    userDisplayName: user.name,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const challengeId = await storeChallenge(tx, { purpose: 'register', userId: user.userId, challenge: options.challenge }, now);
  return { challengeId, options };
}

/** Parses the browser's answer (sent as JSON text by the form); a field error for anything else. */
export function parseCredentialJson<T>(text: string): T {
  try {
    const value = JSON.parse(text) as unknown;
    if (
      value &&
      typeof value === 'object' &&
      typeof (value as { id?: unknown }).id === 'string' &&
      typeof (value as { response?: unknown }).response === 'object'
    )
      return value as T;
  } catch {
    // falls through to the field error
  }
  throw fieldError('credential', 'The browser’s answer could not be read. Try again.');
}

/**
 * Step two: the browser's attestation, checked against the challenge (once, unexpired, this user's), the
 * portal's origin and relying party id. The passkey is then stored (its public key and counter).
 */
export async function finishPasskeyRegistration(
  tx: Queryable,
  userId: string,
  input: { challengeId: string; response: RegistrationResponseJSON; name?: string },
  rp: RelyingParty,
  now = new Date(),
): Promise<PasskeySummary> {
  const challenge = await consumeChallenge(tx, { id: input.challengeId, purpose: 'register', userId }, now);
  if (!challenge) throw fieldError('credential', 'This passkey prompt has expired. Start again.');
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
  } catch {
    verified = { verified: false };
  }
  const info = verified.registrationInfo;
  if (!verified.verified || !info) throw fieldError('credential', 'The passkey could not be verified. Try again.');
  const credentialId = info.credentialID;
  const [taken] = await tx.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.credentialId, credentialId));
  if (taken) throw fieldError('credential', 'This passkey is already added.');
  const row = {
    id: newId('pk'),
    userId,
    credentialId,
    publicKey: isoBase64URL.fromBuffer(info.credentialPublicKey),
    counter: info.counter,
    transports: input.response.response.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    name: input.name?.trim() || (info.credentialDeviceType === 'multiDevice' ? 'Synced passkey' : 'Passkey'),
    createdAt: now,
  };
  await tx.insert(passkeys).values(row);
  return { id: row.id, name: row.name, deviceType: row.deviceType, backedUp: row.backedUp, createdAt: now, lastUsedAt: null };
}

async function ownPasskey(tx: Queryable, userId: string, passkeyId: string): Promise<PasskeySummary> {
  const [row] = await tx
    .select(summaryColumns)
    .from(passkeys)
    .where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, userId)));
  if (!row) throw new NotFoundError('That passkey does not exist.');
  return row;
}

export async function renamePasskey(tx: Queryable, userId: string, passkeyId: string, name: string): Promise<PasskeySummary> {
  const row = await ownPasskey(tx, userId, passkeyId);
  await tx.update(passkeys).set({ name }).where(eq(passkeys.id, row.id));
  return { ...row, name };
}

/**
 * Removes a passkey. A passkey is a second factor: the user's last one (no authenticator app, no other
 * passkey) cannot go while they must use two-factor; with it go the recovery codes.
 */
export async function removePasskey(tx: Queryable, userId: string, passkeyId: string): Promise<{ passkey: PasskeySummary; wasLast: boolean }> {
  const row = await ownPasskey(tx, userId, passkeyId);
  await tx.delete(passkeys).where(eq(passkeys.id, row.id));
  const status = await twoFactorStatus(tx, userId);
  if (!status.hasSecondFactor) {
    if (status.required) throw fieldError('passkeyId', 'Two-factor sign-in is required for your account: add another factor before removing this passkey.');
    await deleteRecoveryCodes(tx, userId);
  }
  return { passkey: row, wasLast: !status.hasSecondFactor };
}
