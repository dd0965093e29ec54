'use client';

import { Trash2 } from 'lucide-react';
import { useRef, useState } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/lib/actions/action-spec';

type FormAction = (previous: ActionResult | null, formData: FormData) => Promise<ActionResult>;

/**
 * Deleting cannot be undone and partners may rely on the entry, so it takes two steps:
 * "Delete endpoint", then "Yes, delete". Escape or Cancel go back to the first step.
 */
export function DeleteEndpointForm({ action, endpointId, label }: { action: FormAction; endpointId: string; label: string }) {
  const { state, formAction } = useActionForm(action);
  const [confirming, setConfirming] = useState(false);
  const startRef = useRef<HTMLButtonElement>(null);
  const promptRef = useRef<HTMLParagraphElement>(null);

  function ask() {
    setConfirming(true);
    // Once the prompt is shown: read it out, and let Tab reach "Yes, delete" next.
    requestAnimationFrame(() => promptRef.current?.focus());
  }

  function cancel() {
    setConfirming(false);
    requestAnimationFrame(() => startRef.current?.focus());
  }

  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      {confirming ? (
        <form
          action={formAction}
          aria-label={`Delete ${label}`}
          onKeyDown={(event) => {
            if (event.key === 'Escape') cancel();
          }}
          className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-3"
        >
          <input type="hidden" name="endpointId" value={endpointId} />
          <p ref={promptRef} tabIndex={-1} className="text-sm text-red-900 focus:outline-none">
            Delete <code className="font-mono">{label}</code> from the catalog? Partners no longer see it. To announce its end instead, mark it
            deprecated or retired.
          </p>
          <div className="flex flex-wrap gap-2">
            <SubmitButton variant="danger" pendingLabel="Deleting…">
              Yes, delete
            </SubmitButton>
            <Button variant="secondary" onClick={cancel}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button ref={startRef} variant="danger" onClick={ask}>
          <Trash2 aria-hidden="true" />
          Delete endpoint
        </Button>
      )}
    </div>
  );
}
