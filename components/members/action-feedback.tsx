'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import type { ActionResult, FormAction } from '@/lib/actions/action-spec';

interface Feedback {
  result: ActionResult;
  /** Tells two equal messages apart, so that a repeated error is announced again. */
  seq: number;
  /** The control that was used is gone (a removed row): bring focus to the message. */
  focus: boolean;
}

const FeedbackContext = createContext<{ feedback: Feedback | null; report: (result: ActionResult, focus: boolean) => void } | null>(null);

/**
 * One message area for many small forms (a button per table row). A row's outcome cannot live in
 * the row: when a member is removed, the row disappears with its state.
 */
export function ActionFeedbackProvider({ children }: { children: ReactNode }) {
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const report = useCallback((result: ActionResult, focus: boolean) => {
    setFeedback((previous) => ({ result, focus, seq: (previous?.seq ?? 0) + 1 }));
  }, []);
  const value = useMemo(() => ({ feedback, report }), [feedback, report]);
  return <FeedbackContext.Provider value={value}>{children}</FeedbackContext.Provider>;
}

function useFeedbackContext() {
  const context = useContext(FeedbackContext);
  if (!context) throw new Error('Wrap the form in <ActionFeedbackProvider>.');
  return context;
}

/** The outcome of the last action: an error in `role="alert"`, a success in an always-present `role="status"`. */
export function ActionFeedbackMessage({ className }: { className?: string }) {
  const { feedback } = useFeedbackContext();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (feedback?.focus) ref.current?.focus();
  }, [feedback]);

  const result = feedback?.result ?? null;
  const success = result?.ok ? result.message : null;
  const error = result && !result.ok ? errorText(result) : null;
  return (
    <div ref={ref} tabIndex={-1} className="focus:outline-none">
      <div role="status" className={success ? className : 'sr-only'}>
        {success ? <Alert tone="success">{success}</Alert> : null}
      </div>
      {error ? (
        <Alert key={feedback?.seq} tone="error" role="alert" className={className}>
          {error}
        </Alert>
      ) : null}
    </div>
  );
}

/** These forms have no text fields to highlight: say what was wrong in words. */
function errorText(result: Extract<ActionResult, { ok: false }>): string {
  const details = Object.values(result.fieldErrors ?? {}).flat();
  return details.length ? details.join(' ') : result.error;
}

/**
 * A form action that reports its outcome to the nearest message area. `focusMessage` says for which
 * outcomes the message takes the focus (when the control that was used is gone); `onResult` lets
 * the form react too (close a confirmation).
 */
export function useReportingAction(
  action: FormAction,
  { focusMessage, onResult }: { focusMessage?: (result: ActionResult) => boolean; onResult?: (result: ActionResult) => void } = {},
) {
  const { report } = useFeedbackContext();
  return async (formData: FormData): Promise<void> => {
    const result = await action(null, formData);
    report(result, focusMessage?.(result) ?? false);
    onResult?.(result);
  };
}
