import { isIP } from 'node:net';

export interface RelyingParty {
  /** The host the passkeys are bound to (no port): browsers check it against the page's. */
  rpID: string;
  rpName: string;
  /** The origin the browser must report (`https://portal.example.com`, port included when not the default). */
  origin: string;
}

export type RelyingPartyResult = { ok: true; rp: RelyingParty } | { ok: false; reason: string };

/**
 * Who the portal is to a passkey: PASSKEY_ORIGIN, else the public origin (PORTAL_URL / AUTH_URL, else the
 * request's Host: `publicOrigin`). Browsers refuse an IP address as a relying party id, and WebAuthn needs a
 * secure context (https, or http on `localhost`), so a portal reached as http://127.0.0.1:3000 has no
 * passkeys unless PASSKEY_ORIGIN names it by a host name (http://localhost:3000 in development and the e2e).
 */
export function passkeyRelyingParty(publicOrigin: string | null | undefined, env: Record<string, string | undefined> = process.env): RelyingPartyResult {
  const configured = env.PASSKEY_ORIGIN || publicOrigin;
  if (!configured) return { ok: false, reason: 'Passkeys need the portal’s public URL: set PORTAL_URL or AUTH_URL.' };
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    return { ok: false, reason: 'PASSKEY_ORIGIN is not a URL.' };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    return {
      ok: false,
      reason: `Passkeys need the portal on a host name, not an IP address (${url.host}): set PASSKEY_ORIGIN, e.g. http://localhost:${url.port || 80}.`,
    };
  }
  if (url.protocol !== 'https:' && host !== 'localhost') return { ok: false, reason: 'Passkeys need the portal on https (or http://localhost).' };
  return { ok: true, rp: { rpID: host, rpName: env.PASSKEY_RP_NAME || 'Partner Portal', origin: url.origin } };
}

export type PasskeyAvailability = { ok: true } | { ok: false; reason: string; openAt: string | null };

/**
 * Whether this page can use passkeys: the browser only offers a passkey on the relying party's host, so
 * a page reached under another name (http://127.0.0.1:3000 when PASSKEY_ORIGIN is http://localhost:3000)
 * gets a link to the right address instead of a prompt that would fail.
 */
export function passkeyAvailability(
  requestHost: string | null,
  publicOrigin: string | null,
  env: Record<string, string | undefined> = process.env,
): PasskeyAvailability {
  const result = passkeyRelyingParty(publicOrigin, env);
  if (!result.ok) return { ok: false, reason: result.reason, openAt: null };
  if (requestHost && requestHost !== new URL(result.rp.origin).host) {
    return { ok: false, reason: `Passkeys work on ${result.rp.origin}.`, openAt: result.rp.origin };
  }
  return { ok: true };
}
