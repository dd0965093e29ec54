import 'server-only';
import { db as defaultDb, type Database } from '@/db';
import { withTransaction } from '@/db/with-transaction';
import { markSecondFactorGiven } from '@/lib/auth/sessions';
import { releaseSignInAttempt, reserveSignInAttempt } from '@/lib/auth/sign-in-throttle';
import { redeemSecondFactor } from './factors';
import { passkeyRelyingParty } from './passkey-relying-party';
import { auditSecondFactor, auditSignInFailure } from './sign-in-audit';

export type SecondFactorOutcome = { ok: true; kind: 'totp' | 'recovery_code' | 'passkey' } | { ok: false; reason: 'invalid' | 'throttled' };

/**
 * The second step of a sign-in (or a step-up): a code of the user's authenticator app, a recovery code or a passkey's answer
 * opens the session (or makes it fresh for the next 10 minutes). Guessing codes counts against the same throttle as guessing passwords (per email and address),
 * reserved before the code is checked.
 */
export async function completeSecondFactorSignIn(
  params: {
    userId: string;
    email: string;
    sessionId: string;
    code: string;
    ip: string;
    userAgent: string | null;
    purpose?: 'sign_in' | 'step_up';
    /** The public origin of the request: a passkey's answer is checked against it (lib/identity/passkey-relying-party.ts). */
    origin?: string | null;
  },
  now = new Date(),
  db: Database = defaultDb,
): Promise<SecondFactorOutcome> {
  const meta = { ip: params.ip, userAgent: params.userAgent };
  const attemptId = await reserveSignInAttempt(db, params.email, params.ip, now);
  if (!attemptId) {
    await auditSignInFailure(db, { email: params.email, reason: 'second_factor_throttled', userId: params.userId }, meta, now);
    return { ok: false, reason: 'throttled' };
  }
  const used = await withTransaction(db, async (tx) => {
    const rp = passkeyRelyingParty(params.origin);
    const use = await redeemSecondFactor(tx, params.userId, params.code, now, rp.ok ? rp.rp : null);
    if (!use) return null;
    await markSecondFactorGiven(tx, params.sessionId, now);
    await auditSecondFactor(
      tx,
      { id: params.userId, email: params.email },
      { sessionId: params.sessionId, kind: use.kind, purpose: params.purpose ?? 'sign_in' },
      meta,
    );
    return use;
  });
  if (!used) {
    await auditSignInFailure(db, { email: params.email, reason: 'second_factor_invalid', userId: params.userId }, meta, now);
    return { ok: false, reason: 'invalid' };
  }
  await releaseSignInAttempt(db, attemptId, params.email, params.ip);
  return { ok: true, kind: used.kind };
}
