import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
/** One step either way: a phone clock a little off, or a code typed just as it changed. */
export const TOTP_DRIFT_SECONDS = TOTP_PERIOD_SECONDS;

export function newTotpSecret(): string {
  // 20 bytes (160 bits), RFC 4226's recommendation.
  return generateSecret({ length: 20 });
}

/** The `otpauth://` URI the QR code carries. */
export function totpUri(secret: string, accountEmail: string, issuer = 'Partner Portal'): string {
  return generateURI({ issuer, label: accountEmail, secret });
}

/**
 * The time step a code is valid for at `now` (±1 step), or null. Steps at or before `afterTimeStep` (the
 * last one accepted) are refused, so a code works once.
 */
export async function matchTotpCode(secret: string, code: string, options: { now?: Date; afterTimeStep?: number | null } = {}): Promise<number | null> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const epoch = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const result = await verify({
    secret,
    token,
    epoch,
    epochTolerance: TOTP_DRIFT_SECONDS,
    ...(options.afterTimeStep != null ? { afterTimeStep: options.afterTimeStep } : {}),
  });
  // TOTP's result carries the matched step (HOTP's, which the union also allows, does not).
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
