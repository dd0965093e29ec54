'use client';

import { Trash2 } from 'lucide-react';
import { ConfirmActionForm } from '@/components/forms/confirm-action-form';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import type { FormAction } from '@/lib/actions/action-spec';

/**
 * Deleting cannot be undone and partners may rely on the entry, so it takes two steps:
 * "Delete endpoint", then "Yes, delete". Escape or Cancel go back to the first step.
 */
export function DeleteEndpointForm({ action, endpointId, label }: { action: FormAction; endpointId: string; label: string }) {
  const { state, formAction } = useActionForm(action);

  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      <ConfirmActionForm
        action={formAction}
        fields={{ endpointId }}
        aria-label={`Delete ${label}`}
        trigger={
          <>
            <Trash2 aria-hidden="true" />
            Delete endpoint
          </>
        }
        prompt={
          <>
            Delete <code className="font-mono">{label}</code> from the catalog? Partners no longer see it. To announce its end instead, mark it deprecated or
            retired.
          </>
        }
        confirmLabel="Yes, delete"
        pendingLabel="Deleting…"
      />
    </div>
  );
}
