import { ArrowRight, CircleCheck, Circle } from 'lucide-react';
import Link from 'next/link';
import { Card, CardHeader } from '@/components/ui/card';
import type { OnboardingChecklist } from '@/lib/onboarding/onboarding-checklist';

/**
 * The partner's own onboarding steps on the dashboard: each done or not (an icon and a word, never
 * colour alone) and a link to where it is done. Hidden by the page once every step is done.
 */
export function GetStartedCard({ checklist }: { checklist: OnboardingChecklist }) {
  const { steps, done, total } = checklist;
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <Card aria-labelledby="get-started-heading">
      <CardHeader
        title="Get started"
        titleId="get-started-heading"
        description="A few steps to your first live API call."
        actions={
          <div className="flex items-center gap-3">
            <span aria-hidden="true" className="h-1.5 w-24 overflow-hidden rounded-full bg-zinc-200">
              <span className="block h-full rounded-full bg-indigo-500" style={{ width: `${percent}%` }} />
            </span>
            <p className="text-sm font-medium whitespace-nowrap text-zinc-900 tabular-nums">
              {done} of {total} done
            </p>
          </div>
        }
      />
      <ol className="divide-y divide-zinc-100">
        {steps.map((step, index) => (
          <li key={step.id}>
            <Link href={step.href} className="group flex items-center gap-3 px-5 py-3 text-sm transition-colors hover:bg-zinc-50 focus-visible:bg-zinc-50">
              {step.done ? (
                <CircleCheck aria-hidden="true" className="size-5 shrink-0 text-emerald-600" />
              ) : (
                <Circle aria-hidden="true" className="size-5 shrink-0 text-zinc-500" />
              )}
              <span className="sr-only">Step {index + 1}: </span>
              <span className={step.done ? 'min-w-0 flex-1 text-zinc-600' : 'min-w-0 flex-1 font-medium text-zinc-900 group-hover:text-indigo-700'}>
                {step.label}
              </span>
              <span className={step.done ? 'shrink-0 text-xs font-medium text-emerald-700' : 'shrink-0 text-xs font-medium text-zinc-500'}>
                {step.done ? 'Done' : 'To do'}
              </span>
              <ArrowRight aria-hidden="true" className="size-4 shrink-0 text-zinc-500 group-hover:text-indigo-600" />
            </Link>
          </li>
        ))}
      </ol>
    </Card>
  );
}
