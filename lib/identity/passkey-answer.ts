/**
 * A passkey's answer given where a code is typed (the second step of a sign-in, a step-up): the browser's
 * signature travels in the same field as a code, as `passkey:<challenge id>:<JSON>`, so both go through
 * the one check (lib/identity/factors.ts `redeemSecondFactor`) and the same throttle and audit.
 * Shared by the browser (which builds it) and the server (which reads it).
 */
export const PASSKEY_ANSWER_PREFIX = 'passkey:';
export const PASSKEY_ANSWER_MAX_LENGTH = 20_000;

export function encodePasskeyAnswer(challengeId: string, credentialJson: string): string {
  return `${PASSKEY_ANSWER_PREFIX}${challengeId}:${credentialJson}`;
}

export function isPasskeyAnswer(code: string): boolean {
  return code.startsWith(PASSKEY_ANSWER_PREFIX);
}

export function decodePasskeyAnswer(code: string): { challengeId: string; credentialJson: string } | null {
  if (!isPasskeyAnswer(code) || code.length > PASSKEY_ANSWER_MAX_LENGTH) return null;
  const rest = code.slice(PASSKEY_ANSWER_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0) return null;
  return { challengeId: rest.slice(0, colon), credentialJson: rest.slice(colon + 1) };
}
