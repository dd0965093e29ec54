// Formatting shared by server and client components. Dates are shown in UTC with a fixed locale so the
// server-rendered HTML and the hydrated client agree whatever the browser's time zone.

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});
const numberFormat = new Intl.NumberFormat('en-US');

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

export function formatDate(value: Date | string): string {
  return dateFormat.format(toDate(value));
}

export function formatDateTime(value: Date | string): string {
  return `${dateTimeFormat.format(toDate(value))} UTC`;
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** `priority` → `Priority`, `partner_admin` → `Partner admin`. */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
