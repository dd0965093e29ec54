import { Waypoints } from 'lucide-react';

export function Logo({ className }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 ${className ?? ''}`}>
      <span className="flex size-8 items-center justify-center rounded-lg bg-indigo-600 text-white shadow-sm">
        <Waypoints aria-hidden="true" className="size-4.5" />
      </span>
      <span className="text-base font-semibold tracking-tight text-zinc-900">Partner Portal</span>
    </span>
  );
}
