'use client';

import { useRef, useState, type ReactNode } from 'react';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { SubmitButton } from '@/components/ui/submit-button';

/**
 * A change that deserves a second look (delete, roll back) takes two steps: the trigger opens a prompt
 * in place, "Yes, …" submits, Cancel or Escape goes back. Focus follows so that keyboard and screen
 * reader users hear the question and can answer it next.
 */
export function ConfirmForm({
  action,
  fields,
  trigger,
  triggerLabel,
  prompt,
  confirmLabel,
  pendingLabel,
  tone = 'danger',
  size = 'md',
}: {
  action: (formData: FormData) => void;
  /** Hidden inputs of the form. */
  fields: Record<string, string>;
  /** The trigger's content (icon and text). */
  trigger: ReactNode;
  /** The trigger's accessible name when its text alone is ambiguous (one per table row). */
  triggerLabel?: string;
  prompt: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  tone?: 'danger' | 'neutral';
  size?: 'sm' | 'md';
}) {
  const [confirming, setConfirming] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);
  const promptRef = useRef<HTMLParagraphElement>(null);
  const variant: ButtonVariant = tone === 'danger' ? 'danger' : 'primary';

  function ask() {
    setConfirming(true);
    requestAnimationFrame(() => promptRef.current?.focus());
  }

  function cancel() {
    setConfirming(false);
    requestAnimationFrame(() => startRef.current?.focus());
  }

  if (!confirming) {
    return (
      <Button ref={startRef} variant={tone === 'danger' ? 'danger' : 'secondary'} size={size} onClick={ask} aria-label={triggerLabel}>
        {trigger}
      </Button>
    );
  }

  return (
    <form
      action={action}
      onKeyDown={(event) => {
        if (event.key === 'Escape') cancel();
      }}
      className={cn('space-y-3 rounded-lg border p-3', tone === 'danger' ? 'border-red-200 bg-red-50' : 'border-indigo-200 bg-indigo-50/60')}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p ref={promptRef} tabIndex={-1} className={cn('text-sm focus:outline-none', tone === 'danger' ? 'text-red-900' : 'text-zinc-900')}>
        {prompt}
      </p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant={variant} size={size} pendingLabel={pendingLabel}>
          {confirmLabel}
        </SubmitButton>
        <Button variant="secondary" size={size} onClick={cancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
