import { formatDate, formatDateTime } from './format';

/** A date (or date and time) in a `<time>` element carrying the exact instant. */
export function Time({ value, withTime = false }: { value: Date | string; withTime?: boolean }) {
  const date = value instanceof Date ? value : new Date(value);
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap">
      {withTime ? formatDateTime(date) : formatDate(date)}
    </time>
  );
}
