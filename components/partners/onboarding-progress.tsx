import { cn } from '@/components/ui/cn';

/** "3 / 5" with a small bar; screen readers hear "3 of 5 onboarding steps done". */
export function OnboardingProgress({ done, total, className }: { done: number; total: number; className?: string }) {
  const percent = total > 0 ? Math.round((Math.min(done, total) / total) * 100) : 0;
  const complete = total > 0 && done >= total;
  return (
    <div className={cn('flex items-center gap-2 whitespace-nowrap', className)}>
      <span aria-hidden="true" className="text-sm text-zinc-900 tabular-nums">
        {done} / {total}
      </span>
      <span className="sr-only">
        {done} of {total} onboarding steps done
      </span>
      <span aria-hidden="true" className="h-1.5 w-16 overflow-hidden rounded-full bg-zinc-200">
        <span className={cn('block h-full rounded-full', complete ? 'bg-emerald-500' : 'bg-indigo-500')} style={{ width: `${percent}%` }} />
      </span>
    </div>
  );
}
