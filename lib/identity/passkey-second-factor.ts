import 'server-only';
import { db } from '@/db';
import { getSessionActor } from '@/lib/auth/session';
import { startPasskeyAssertion } from './passkey-assertion';
import { passkeyRelyingParty } from './passkey-relying-party';

export type SecondFactorChallenge = { status: 200; body: Awaited<ReturnType<typeof startPasskeyAssertion>> } | { status: 401 | 409; body: { error: string } };

/**
 * A challenge for a passkey of the signed-in person, given as their second factor: at /two-factor (the
 * session waits for it) or for a step-up (the session is open). Its answer is checked like a code
 * (lib/identity/factors.ts `redeemSecondFactor`).
 */
export async function passkeySecondFactorChallenge(origin: string | null): Promise<SecondFactorChallenge> {
  const loaded = await getSessionActor();
  if (!loaded || (loaded.gate !== 'ok' && loaded.gate !== 'second_factor')) return { status: 401, body: { error: 'Please sign in.' } };
  const rp = passkeyRelyingParty(origin);
  if (!rp.ok) return { status: 409, body: { error: rp.reason } };
  return { status: 200, body: await startPasskeyAssertion(db, { purpose: 'second_factor', userId: loaded.actor.userId }, rp.rp) };
}
