/**
 * Anything that parses as one of our API keys — `pp_test_`/`pp_live_` (any case) and base62 characters,
 * checksum-valid or not, truncated or not, literal or percent-encoded (`pp%5Ftest%5F…`, `%70p_…`, even
 * double-encoded `%255F`) — is cut to the display prefix the portal already shows (`pp_test_AbC123`,
 * see lib/keys/key-format.ts) followed by `…[redacted]`. Used at the edge of metering (paths, user
 * agents, everything that reaches request logs, the live view and the dead letters) and on the API's
 * server log lines. Pure: no I/O.
 */

// `pp_test_` / `pp_live_` plus the 6 characters of the display prefix; anything longer is redacted.
const DISPLAY_CHARS = 6;
const KEY = new RegExp(`pp_(?:test|live)_[0-9A-Za-z]{${DISPLAY_CHARS}}[0-9A-Za-z]+`, 'gi');
// A run of key characters, each written literally or percent-encoded (once or more) as one of
// [0-9A-Za-z_]: 0x30-39, 0x41-5A, 0x5F, 0x61-7A.
const RUN = /(?:[0-9A-Za-z_]|%(?:25)*(?:3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|5[Ff]|6[1-9A-Fa-f]|7[0-9Aa]))+/g;
const ENCODED = /%(?:25)*([0-9A-Fa-f]{2})/g;
const QUICK = /pp_|%/i;

export const REDACTED = '…[redacted]';

function redactDecoded(text: string): string {
  return text.replace(KEY, (key) => key.slice(0, 8 + DISPLAY_CHARS) + REDACTED);
}

/** Whether `text` may hold a key, literal or percent-encoded (`pp_` or `%`): false means nothing to redact. */
export function mayHoldApiKey(text: string): boolean {
  return QUICK.test(text);
}

export function redactApiKeys(text: string): string {
  if (!mayHoldApiKey(text)) return text;
  return text.replace(RUN, (run) => {
    const decoded = run.includes('%') ? run.replace(ENCODED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : run;
    KEY.lastIndex = 0;
    return KEY.test(decoded) ? redactDecoded(decoded) : run;
  });
}

/** Whether `text` holds something `redactApiKeys` would cut. */
export function containsApiKey(text: string): boolean {
  return redactApiKeys(text) !== text;
}
