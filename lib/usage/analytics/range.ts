/**
 * Time ranges of the usage analytics: presets, the custom range of the page, and the granularity a span
 * is shown in. Pure functions, shared by the server queries, the page and the API route.
 */
import { isStorableDate } from '@/lib/validation/storable';

export const granularities = ['minute', 'hour', 'day'] as const;
export type Granularity = (typeof granularities)[number];

export interface UsageRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  granularity: Granularity;
}

export const rangePresets = ['24h', '7d', '30d'] as const;
export type RangePreset = (typeof rangePresets)[number];
export type RangeChoice = RangePreset | 'custom';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const MAX_RANGE_MS = 90 * DAY;
/** Per-minute series get long fast: the API allows them for up to 48 hours. */
export const MAX_MINUTE_RANGE_MS = 48 * HOUR;

export const granularityMs: Record<Granularity, number> = { minute: MINUTE, hour: HOUR, day: DAY };

const presetMs: Record<RangePreset, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY };

/** ≤ 6 h by minute, ≤ 3 d by hour, longer by day. */
export function granularityFor(from: Date, to: Date): Granularity {
  const span = to.getTime() - from.getTime();
  if (span <= 6 * HOUR) return 'minute';
  if (span <= 3 * DAY) return 'hour';
  return 'day';
}

/** The start of the bucket holding `at` (UTC), as `date_trunc(granularity, at, 'UTC')` computes it. */
export function bucketStart(at: Date, granularity: Granularity): Date {
  const ms = at.getTime();
  return new Date(ms - (((ms % granularityMs[granularity]) + granularityMs[granularity]) % granularityMs[granularity]));
}

/** Every bucket start of the range, so that a chart shows quiet periods as zeros, not as gaps. */
export function bucketStarts(range: UsageRange): Date[] {
  const step = granularityMs[range.granularity];
  const out: Date[] = [];
  for (let at = bucketStart(range.from, range.granularity).getTime(); at < range.to.getTime(); at += step) out.push(new Date(at));
  return out;
}

export function presetRange(preset: RangePreset, now: Date): UsageRange {
  // Up to the end of the current minute, so the latest requests are in.
  const to = new Date(bucketStart(now, 'minute').getTime() + MINUTE);
  const from = new Date(to.getTime() - presetMs[preset]);
  return { from, to, granularity: granularityFor(from, to) };
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(value: string | undefined): Date | null {
  if (!value || !DATE_RE.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  // 0000-01-01 is a date to JavaScript, not to Postgres: out of range, like a malformed one.
  return !isStorableDate(date) || date.toISOString().slice(0, 10) !== value ? null : date;
}

export function dayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export interface PageRange {
  choice: RangeChoice;
  range: UsageRange;
  /** For the custom range's fields: the first and the last day (inclusive). */
  fromDay: string;
  toDay: string;
  /** Why a custom range in the URL was not used. */
  error?: string;
}

type SearchParams = Record<string, string | string[] | undefined>;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The range of the usage page from its URL: `?range=24h|7d|30d`, or `?range=custom&from=YYYY-MM-DD&to=YYYY-MM-DD`
 * (whole UTC days, both included, at most 90 days). Anything else falls back to the last 24 hours.
 */
export function parsePageRange(params: SearchParams, now: Date): PageRange {
  const choice = single(params.range);
  if (choice === 'custom') {
    const fromDay = single(params.from) ?? '';
    const toDay = single(params.to) ?? '';
    const from = parseDay(fromDay);
    const last = parseDay(toDay);
    let error: string | undefined;
    if (!from || !last) error = 'Enter both dates as YYYY-MM-DD.';
    else if (last < from) error = 'The end date is before the start date.';
    else if (last.getTime() + DAY - from.getTime() > MAX_RANGE_MS) error = 'A range can be at most 90 days.';
    if (!error && from && last) {
      const to = new Date(last.getTime() + DAY);
      return { choice: 'custom', range: { from, to, granularity: granularityFor(from, to) }, fromDay, toDay };
    }
    const fallback = presetRange('24h', now);
    return { choice: 'custom', range: fallback, fromDay, toDay, error };
  }
  const preset = (rangePresets as readonly string[]).includes(choice ?? '') ? (choice as RangePreset) : '24h';
  const range = presetRange(preset, now);
  return { choice: preset, range, fromDay: dayString(range.from), toDay: dayString(new Date(range.to.getTime() - 1)) };
}
