// Formatting of chart values and time buckets, shared by the charts (client) and their tables (server).
// Times are shown in UTC, like everywhere else in the portal, so server HTML and hydrated client agree.

export type ValueFormat = 'count' | 'percent' | 'ms';
export type TimeGranularity = 'minute' | 'hour' | 'day';

const count = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const timeOfDay = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
const dayOfYear = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export function formatValue(value: number | null | undefined, format: ValueFormat, options: { compact?: boolean } = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (format === 'percent') return `${oneDecimal.format(value * 100)}%`;
  if (format === 'ms') return `${oneDecimal.format(value)} ms`;
  return options.compact ? compact.format(value) : count.format(value);
}

/** A bucket's start: `14:00` within a day, `Mar 10` by day, `Mar 10, 14:00` where both are needed. */
export function formatBucket(at: number, granularity: TimeGranularity, withDay = false): string {
  if (granularity === 'day') return dayOfYear.format(at);
  return withDay ? `${dayOfYear.format(at)}, ${timeOfDay.format(at)}` : timeOfDay.format(at);
}
