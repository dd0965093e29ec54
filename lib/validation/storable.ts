import { z } from 'zod';

/**
 * What Postgres can store, checked where input comes in, so that bad input is a 400 (or an ignored
 * filter) and never a database error, that is a 500.
 *
 * - Text: Postgres' `text` cannot hold NUL (U+0000), and a lone UTF-16 surrogate (`\ud800`) is not
 *   Unicode at all (the driver turns it into U+FFFD or fails). Lengths stay per field.
 * - Dates: a JavaScript date goes to the driver as an ISO string, and past the year 9999 that is
 *   `+275760-09-13T00:00:00.000Z` (8.64e15 ms), which Postgres does not parse; ISO year 0 (`0000-01-01`)
 *   is 1 BC, which Postgres refuses as written. We accept the years 1 to 9999: every date a person
 *   means, and a round trip that always works.
 */

export const UNSTORABLE_TEXT_MESSAGE = 'Remove the NUL characters or broken Unicode (lone surrogates) from this text';
export const MIN_STORABLE_YEAR = 1;
export const MAX_STORABLE_YEAR = 9999;
export const UNSTORABLE_DATE_MESSAGE = `Enter a date between the years ${MIN_STORABLE_YEAR} and ${MAX_STORABLE_YEAR}`;

const wellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when Postgres can store the text as it is: no NUL, no lone surrogate. */
export function isStorableText(value: string): boolean {
  if (value.includes('\u0000')) return false;
  return wellFormed ? wellFormed.call(value) : !loneSurrogate.test(value);
}

/** True for a valid date in the years 1 to 9999 (UTC). */
export function isStorableDate(value: Date): boolean {
  const time = value.getTime();
  if (!Number.isFinite(time)) return false;
  const year = value.getUTCFullYear();
  return year >= MIN_STORABLE_YEAR && year <= MAX_STORABLE_YEAR;
}

/** `z.string()` that only accepts text Postgres can store. Chain `.trim()`, `.min()`, `.max()` as usual. */
export function storableText(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });
}

/** `z.coerce.date()` that only accepts dates Postgres can store (years 1 to 9999). */
export function storableDate(params?: Parameters<typeof z.coerce.date>[0]) {
  return z.coerce.date(params).refine(isStorableDate, { message: UNSTORABLE_DATE_MESSAGE, abort: true });
}

/** `z.iso.datetime()` (the string stays a string) whose instant Postgres can store. */
export function storableIsoDateTime(params?: Parameters<typeof z.iso.datetime>[0]) {
  return z.iso.datetime(params).refine((value) => isStorableDate(new Date(value)), { message: UNSTORABLE_DATE_MESSAGE, abort: true });
}

/**
 * A filter or search term from a URL: trimmed, at most `max` characters, blank or unstorable is
 * `undefined` (the filter is ignored: a hand-edited URL still shows the table, and no NUL reaches SQL).
 */
export function filterText(max: number) {
  return storableText()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((v) => (v ? v : undefined));
}

/** One value of a URL parameter that may be repeated, or `undefined` when it is unstorable. */
export function storableParam(value: string | string[] | undefined): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  return one !== undefined && isStorableText(one) ? one : undefined;
}

/**
 * The fields of a raw input (a form's or a JSON body's) holding text Postgres cannot store, each with
 * the message: the one check every action runs before its own schema (lib/actions/execute-action.ts).
 */
export function unstorableTextFields(input: unknown): Record<string, string[]> | null {
  let found: Record<string, string[]> | null = null;
  const visit = (value: unknown, path: string, depth: number) => {
    if (typeof value === 'string') {
      if (!isStorableText(value)) (found ??= {})[path || '_form'] = [UNSTORABLE_TEXT_MESSAGE];
    } else if (depth < 8 && value !== null && typeof value === 'object') {
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      for (const [key, item] of entries) visit(item, Array.isArray(value) ? path : path ? `${path}.${key}` : key, depth + 1);
    }
  };
  visit(input, '', 0);
  return found;
}
