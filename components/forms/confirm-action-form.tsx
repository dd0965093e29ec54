'use client';

import { useRef, useState, type ComponentProps, type ReactNode, type RefObject } from 'react';
import { Button, type ButtonProps } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { SubmitButton } from '@/components/ui/submit-button';

/**
 * A change that deserves a second look (delete, revoke, remove, suspend, roll back) takes two steps:
 * a trigger opens a prompt in place, "Yes, …" submits, Cancel or Escape goes back. Focus follows, so
 * that keyboard and screen reader users hear the question and can answer it next (Tab reaches "Yes, …"),
 * and land on the trigger again after Cancel.
 *
 * - `ConfirmActionForm`: trigger and prompt in the same place (the trigger gives way to the prompt).
 * - `useConfirmation` + `ConfirmTrigger` + `ConfirmPrompt`: trigger and prompt apart (a table row and
 *   a row under it, a page header and the page body).
 *
 * The action is a form action the caller already holds (`formAction` of `useActionForm`, or
 * `useReportingAction`): where its outcome is shown (`FormMessage`, `ActionFeedbackMessage`) stays the
 * caller's, since that message must often outlive the prompt and the trigger.
 */

type FormAction = (formData: FormData) => void | Promise<void>;
type Tone = 'danger' | 'neutral';
type Size = 'sm' | 'md';

export interface Confirmation {
  /** The prompt is shown. */
  confirming: boolean;
  /** Show the prompt and move the focus to its question. */
  ask: () => void;
  /** Hide the prompt and move the focus back to the trigger. */
  cancel: () => void;
  triggerRef: RefObject<HTMLButtonElement | null>;
  promptRef: RefObject<HTMLParagraphElement | null>;
}

/**
 * The open/closed state of one confirmation and the focus moves between trigger and prompt.
 * `closeOn`: values (e.g. action outcomes) that close the prompt when any of them changes after it
 * was opened: it is open until the next outcome arrives.
 */
export function useConfirmation({ closeOn }: { closeOn?: readonly unknown[] } = {}): Confirmation {
  const current = closeOn ?? [];
  // The values of `closeOn` when the prompt was opened; null while it is closed.
  const [openedWith, setOpenedWith] = useState<readonly unknown[] | null>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const promptRef = useRef<HTMLParagraphElement>(null);
  const confirming = openedWith !== null && openedWith.length === current.length && openedWith.every((value, i) => Object.is(value, current[i]));

  return {
    confirming,
    ask() {
      setOpenedWith(current);
      // After React shows the prompt: read it out, and let Tab reach "Yes, …" next.
      requestAnimationFrame(() => promptRef.current?.focus());
    },
    cancel() {
      setOpenedWith(null);
      requestAnimationFrame(() => triggerRef.current?.focus());
    },
    triggerRef,
    promptRef,
  };
}

/** The button that opens the prompt (any `Button` props: variant, size, aria-*). */
export function ConfirmTrigger({ confirmation, ...props }: Omit<ButtonProps, 'ref' | 'onClick'> & { confirmation: Confirmation }) {
  const { triggerRef, ask } = confirmation;
  return <Button ref={triggerRef} variant="danger" onClick={ask} {...props} />;
}

export interface ConfirmPromptProps extends Omit<ComponentProps<'form'>, 'action' | 'ref' | 'onKeyDown' | 'children'> {
  confirmation: Pick<Confirmation, 'cancel' | 'promptRef'>;
  action: FormAction;
  /** Hidden inputs of the form: what is submitted. */
  fields: Record<string, string>;
  /** The question. */
  prompt: ReactNode;
  /** The submit button: "Yes, …". */
  confirmLabel: ReactNode;
  pendingLabel: ReactNode;
  tone?: Tone;
  size?: Size;
  /** The layout of the prompt's box (its border and colours come from `tone`). */
  className?: string;
}

/** The prompt: the question, "Yes, …" (submits the hidden fields to `action`) and Cancel; Escape cancels too. */
export function ConfirmPrompt({
  confirmation,
  action,
  fields,
  prompt,
  confirmLabel,
  pendingLabel,
  tone = 'danger',
  size = 'md',
  className = 'space-y-3 p-3',
  ...formProps
}: ConfirmPromptProps) {
  const { cancel, promptRef } = confirmation;
  return (
    <form
      action={action}
      onKeyDown={(event) => {
        if (event.key === 'Escape') cancel();
      }}
      className={cn(className, 'rounded-lg border', tone === 'danger' ? 'border-red-200 bg-red-50' : 'border-indigo-200 bg-indigo-50/60')}
      {...formProps}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <p ref={promptRef} tabIndex={-1} className={cn('text-sm focus:outline-none', tone === 'danger' ? 'text-red-900' : 'text-zinc-900')}>
        {prompt}
      </p>
      <div className="flex flex-wrap gap-2">
        <SubmitButton variant={tone === 'danger' ? 'danger' : 'primary'} size={size} pendingLabel={pendingLabel}>
          {confirmLabel}
        </SubmitButton>
        <Button variant="secondary" size={size} onClick={cancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Trigger and prompt in one place: the trigger gives way to the prompt, and comes back on Cancel. */
export function ConfirmActionForm({
  trigger,
  triggerLabel,
  tone = 'danger',
  size = 'md',
  ...promptProps
}: Omit<ConfirmPromptProps, 'confirmation'> & {
  /** The trigger's content (icon and text). */
  trigger: ReactNode;
  /** The trigger's accessible name when its text alone is ambiguous (one per table row). */
  triggerLabel?: string;
}) {
  const confirmation = useConfirmation();

  if (!confirmation.confirming) {
    return (
      <ConfirmTrigger confirmation={confirmation} variant={tone === 'danger' ? 'danger' : 'secondary'} size={size} aria-label={triggerLabel}>
        {trigger}
      </ConfirmTrigger>
    );
  }

  return <ConfirmPrompt confirmation={confirmation} tone={tone} size={size} {...promptProps} />;
}
