import { Circle, CircleCheck } from 'lucide-react';
import { Card, CardHeader } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import type { OnboardingChecklist } from '@/lib/onboarding/onboarding-checklist';
import { OnboardingProgress } from './onboarding-progress';

/** An organization's onboarding steps as staff see them: read-only, each done or not with an icon and a word. */
export function OnboardingChecklistCard({ checklist }: { checklist: OnboardingChecklist }) {
  return (
    <Card aria-labelledby="onboarding-heading">
      <CardHeader
        title="Onboarding"
        titleId="onboarding-heading"
        description={checklist.complete ? 'Every step is done.' : 'The steps the organization takes to go live.'}
        actions={<OnboardingProgress done={checklist.done} total={checklist.total} />}
      />
      <ol className="divide-y divide-zinc-100">
        {checklist.steps.map((step) => (
          <li key={step.id} className="flex items-center gap-3 px-5 py-3 text-sm">
            {step.done ? (
              <CircleCheck aria-hidden="true" className="size-5 shrink-0 text-emerald-600" />
            ) : (
              <Circle aria-hidden="true" className="size-5 shrink-0 text-zinc-300" />
            )}
            <span className={cn('min-w-0 flex-1', step.done ? 'text-zinc-900' : 'text-zinc-700')}>{step.label}</span>
            <span className={cn('shrink-0 text-xs font-medium', step.done ? 'text-emerald-700' : 'text-zinc-500')}>{step.done ? 'Done' : 'Not done'}</span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
