import 'server-only';
import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { AuthenticationResponseJSON, AuthenticatorTransportFuture, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/types';
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { passkeys, users } from '@/db/schema';
import { ssoRouteForEmail } from './organization-sso';
import type { RelyingParty } from './passkey-relying-party';
import { consumeChallenge, storeChallenge } from './webauthn-challenges';

/** `sign_in`: passwordless, any of the portal's passkeys (the browser offers its own); `second_factor`: this user's. */
export type AssertionPurpose = 'sign_in' | 'second_factor';

/** The options for `navigator.credentials.get`, its challenge kept on the server. */
export async function startPasskeyAssertion(
  db: Queryable,
  params: { purpose: AssertionPurpose; userId: string | null },
  rp: RelyingParty,
  now = new Date(),
): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const own = params.userId
    ? await db.select({ credentialId: passkeys.credentialId, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, params.userId))
    : [];
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: params.purpose === 'sign_in' ? 'required' : 'preferred',
    allowCredentials: own.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransportFuture[] })),
  });
  const challengeId = await storeChallenge(
    db,
    { purpose: params.purpose, userId: params.purpose === 'sign_in' ? null : params.userId, challenge: options.challenge },
    now,
  );
  return { challengeId, options };
}

export type AssertionFailure = 'expired' | 'unknown_passkey' | 'invalid' | 'disabled' | 'sso_enforced';
export type AssertionResult =
  { ok: true; user: { id: string; email: string; name: string }; passkeyId: string } | { ok: false; reason: AssertionFailure; userId?: string };

/**
 * Checks a browser's passkey answer: the challenge (once, unexpired, this purpose; a second factor's is the
 * user's own), a passkey the portal knows (the user's, for a second factor), the signature against its
 * public key, origin and relying party id, user verification for a passwordless sign-in, and the signature
 * counter, which must move forward when the authenticator keeps one (a cloned key does not). The counter is
 * stored in the same update that checks it, so two answers with the same counter cannot both pass.
 */
export async function verifyPasskeyAssertion(
  db: Queryable,
  params: { purpose: AssertionPurpose; challengeId: string; response: AuthenticationResponseJSON; userId: string | null },
  rp: RelyingParty,
  now = new Date(),
): Promise<AssertionResult> {
  const userId = params.purpose === 'sign_in' ? null : params.userId;
  const challenge = await consumeChallenge(db, { id: params.challengeId, purpose: params.purpose, userId }, now);
  if (!challenge) return { ok: false, reason: 'expired' };
  const [found] = await db
    .select({ passkey: passkeys, email: users.email, name: users.name, disabledAt: users.disabledAt })
    .from(passkeys)
    .innerJoin(users, eq(users.id, passkeys.userId))
    .where(eq(passkeys.credentialId, params.response.id));
  if (!found || (userId !== null && found.passkey.userId !== userId)) return { ok: false, reason: 'unknown_passkey' };
  const { passkey } = found;

  let newCounter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response: params.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: params.purpose === 'sign_in',
      authenticator: {
        credentialID: passkey.credentialId,
        credentialPublicKey: isoBase64URL.toBuffer(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
    });
    if (!verified.verified) return { ok: false, reason: 'invalid', userId: passkey.userId };
    newCounter = verified.authenticationInfo.newCounter;
  } catch {
    // A bad signature, origin, rp id or challenge, a counter that went backwards: the library throws.
    return { ok: false, reason: 'invalid', userId: passkey.userId };
  }
  const [updated] = await db
    .update(passkeys)
    .set({ counter: newCounter, lastUsedAt: now })
    .where(and(eq(passkeys.id, passkey.id), eq(passkeys.counter, passkey.counter)))
    .returning({ id: passkeys.id });
  if (!updated) return { ok: false, reason: 'invalid', userId: passkey.userId };

  if (found.disabledAt) return { ok: false, reason: 'disabled', userId: passkey.userId };
  // Like a password: an organization that enforces its single sign-on keeps its domains on it.
  if (params.purpose === 'sign_in' && (await ssoRouteForEmail(db, found.email))?.enforced) return { ok: false, reason: 'sso_enforced', userId: passkey.userId };
  return { ok: true, user: { id: passkey.userId, email: found.email, name: found.name }, passkeyId: passkey.id };
}
