'use client';

import { ArchiveRestore, Trash2 } from 'lucide-react';
import { deleteSecret, restoreSecret } from '../actions';
import { ConfirmActionForm } from '@/components/forms/confirm-action-form';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/lib/actions/action-spec';

// One action state for both forms: the message shown is always the last one's, whichever it was.
function changeLifecycle(previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  return formData.get('intent') === 'restore' ? restoreSecret(previous, formData) : deleteSecret(previous, formData);
}

/**
 * Delete and restore. Mounted whatever the secret's state, so that the outcome of one (the message)
 * is still shown after the page swaps the delete button for the restore button.
 */
export function SecretLifecycle({
  secretId,
  name,
  environment,
  deleted,
  restorable,
  restoreDays,
}: {
  secretId: string;
  name: string;
  environment: string;
  deleted: boolean;
  restorable: boolean;
  restoreDays: number;
}) {
  const { state, formAction } = useActionForm(changeLifecycle);

  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      {deleted ? (
        restorable ? (
          <form action={formAction}>
            <input type="hidden" name="intent" value="restore" />
            <input type="hidden" name="secretId" value={secretId} />
            <SubmitButton variant="secondary" pendingLabel="Restoring…">
              <ArchiveRestore aria-hidden="true" />
              Restore {name}
            </SubmitButton>
          </form>
        ) : (
          <p className="text-sm text-zinc-600">It was deleted more than {restoreDays} days ago and can no longer be restored.</p>
        )
      ) : (
        <ConfirmActionForm
          action={formAction}
          fields={{ intent: 'delete', secretId }}
          trigger={
            <>
              <Trash2 aria-hidden="true" />
              Delete secret
            </>
          }
          prompt={
            <>
              Delete <code className="font-mono">{name}</code> from {environment}? The CLI stops receiving it at once. You can restore it for {restoreDays}{' '}
              days.
            </>
          }
          confirmLabel="Yes, delete"
          pendingLabel="Deleting…"
        />
      )}
    </div>
  );
}
