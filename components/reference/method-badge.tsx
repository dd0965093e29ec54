import { cn } from '@/components/ui/cn';

// The colours readers know from other API references: reads green, writes blue, deletes red.
const tones: Record<string, string> = {
  GET: 'bg-emerald-50 text-emerald-700 ring-emerald-600/25',
  POST: 'bg-sky-50 text-sky-700 ring-sky-600/25',
  PUT: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  PATCH: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  DELETE: 'bg-red-50 text-red-700 ring-red-600/25',
};

/** An HTTP method, coloured; the text is always there, so colour is never the only signal. */
export function MethodBadge({ method, className }: { method: string; className?: string }) {
  return (
    <span
      className={cn(
        'inline-flex min-w-[3.25rem] justify-center rounded px-1.5 py-0.5 font-mono text-[11px] font-semibold tracking-wide ring-1 ring-inset',
        tones[method] ?? 'bg-zinc-100 text-zinc-700 ring-zinc-500/20',
        className,
      )}
    >
      {method}
    </span>
  );
}
