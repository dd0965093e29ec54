import { Waypoints } from 'lucide-react';

/** `compact`: below the `sm` breakpoint only the mark shows (the name stays for screen readers). */
export function Logo({ className, compact = false }: { className?: string; compact?: boolean }) {
  return (
    <span className={`inline-flex items-center gap-2 ${className ?? ''}`}>
      <span className="flex size-8 items-center justify-center rounded-lg bg-indigo-600 text-white shadow-sm">
        <Waypoints aria-hidden="true" className="size-4.5" />
      </span>
      <span className={`text-base font-semibold tracking-tight text-zinc-900 ${compact ? 'sr-only sm:not-sr-only' : ''}`}>Partner Portal</span>
    </span>
  );
}
