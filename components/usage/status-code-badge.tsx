import { Badge, type BadgeTone } from '@/components/ui/badge';

function toneOf(status: number): BadgeTone {
  if (status >= 500) return 'danger';
  if (status >= 400) return 'warning';
  if (status >= 200 && status < 300) return 'success';
  return 'neutral';
}

/** An HTTP status, coloured by its class (the colour is never the only signal: the number is shown). */
export function StatusCodeBadge({ status }: { status: number }) {
  return (
    <Badge tone={toneOf(status)} className="font-mono tabular-nums">
      {status}
    </Badge>
  );
}

export function MethodLabel({ method }: { method: string }) {
  return <span className="font-mono text-xs font-semibold text-zinc-700">{method}</span>;
}

export function formatLatency(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

const secondsFormat = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** A request's time to the second (support matches it against their own logs), UTC like every date in the portal. */
export function RequestTime({ value }: { value: Date | string }) {
  const date = value instanceof Date ? value : new Date(value);
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap tabular-nums">
      {secondsFormat.format(date)} UTC
    </time>
  );
}
