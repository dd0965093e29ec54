'use client';

import { Ban, Check, CirclePlay } from 'lucide-react';
import { createContext, use, useEffect, useState, type ReactNode } from 'react';
import { ConfirmPrompt, ConfirmTrigger, useConfirmation, type Confirmation } from '@/components/forms/confirm-action-form';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionResult } from '@/lib/actions/action-spec';
import { approvePartner, reactivatePartner, suspendPartner } from '../actions';

type PartnerStatus = 'pending' | 'active' | 'suspended';
type StatusAction = 'approve' | 'suspend' | 'reactivate';

interface StatusControls {
  partnerId: string;
  name: string;
  status: PartnerStatus;
  actions: Record<StatusAction, (formData: FormData) => void>;
  /** The outcome of the action submitted last. */
  state: ActionResult | null;
  submitted: (action: StatusAction) => void;
  /** The suspension prompt; its trigger is the status button, whichever it is (the focus returns there after an outcome). */
  confirmation: Confirmation;
}

const StatusControlsContext = createContext<StatusControls | null>(null);

/**
 * Approve, suspend and reactivate an organization (admins). The button sits in the page header, the
 * suspension prompt and the outcome below it; this provider holds what they share. It stays mounted
 * while the status changes, so the outcome outlives the button that asked for it.
 */
export function PartnerStatusProvider({ partnerId, name, status, children }: { partnerId: string; name: string; status: PartnerStatus; children: ReactNode }) {
  const approve = useActionForm(approvePartner);
  const suspend = useActionForm(suspendPartner);
  const reactivate = useActionForm(reactivatePartner);
  const [last, setLast] = useState<StatusAction | null>(null);
  // The prompt is open until the next outcome arrives (or Cancel).
  const confirmation = useConfirmation({ closeOn: [approve.state, suspend.state, reactivate.state] });
  const { triggerRef } = confirmation;
  const state = last ? { approve, suspend, reactivate }[last].state : null;

  // After an outcome the button that was used (or the prompt) may be gone: put the focus on the status button.
  useEffect(() => {
    if (!approve.state && !suspend.state && !reactivate.state) return;
    requestAnimationFrame(() => triggerRef.current?.focus());
  }, [approve.state, suspend.state, reactivate.state, triggerRef]);

  const controls: StatusControls = {
    partnerId,
    name,
    status,
    actions: { approve: approve.formAction, suspend: suspend.formAction, reactivate: reactivate.formAction },
    state,
    submitted: setLast,
    confirmation,
  };

  return <StatusControlsContext value={controls}>{children}</StatusControlsContext>;
}

function useStatusControls(): StatusControls {
  const controls = use(StatusControlsContext);
  if (!controls) throw new Error('PartnerStatusButton and PartnerStatusOutcome belong inside PartnerStatusProvider.');
  return controls;
}

/** The one status change that fits the current status: Approve, Suspend or Reactivate. */
export function PartnerStatusButton() {
  const { partnerId, status, actions, submitted, confirmation } = useStatusControls();
  const { confirming, triggerRef } = confirmation;

  if (status === 'active') {
    return (
      <ConfirmTrigger confirmation={confirmation} aria-expanded={confirming} aria-controls={confirming ? 'suspend-prompt' : undefined}>
        <Ban aria-hidden="true" />
        Suspend
      </ConfirmTrigger>
    );
  }

  const action: StatusAction = status === 'pending' ? 'approve' : 'reactivate';
  return (
    <form action={actions[action]} onSubmit={() => submitted(action)} className="inline">
      <input type="hidden" name="partnerId" value={partnerId} />
      <SubmitButton ref={triggerRef} pendingLabel={action === 'approve' ? 'Approving…' : 'Reactivating…'}>
        {action === 'approve' ? <Check aria-hidden="true" /> : <CirclePlay aria-hidden="true" />}
        {action === 'approve' ? 'Approve' : 'Reactivate'}
      </SubmitButton>
    </form>
  );
}

/** The outcome of the last status change and, while it is asked, the suspension prompt. */
export function PartnerStatusOutcome() {
  const { partnerId, name, status, actions, state, submitted, confirmation } = useStatusControls();
  const { confirming } = confirmation;
  return (
    <>
      <FormMessage state={state} />
      {confirming && status === 'active' ? (
        <ConfirmPrompt
          id="suspend-prompt"
          confirmation={confirmation}
          action={actions.suspend}
          fields={{ partnerId }}
          onSubmit={() => submitted('suspend')}
          aria-label={`Suspend ${name}`}
          className="space-y-3 p-4"
          prompt={
            <>
              <strong className="font-semibold">Suspend {name}?</strong> All its API keys are refused at once, and its users get a read-only portal until you
              reactivate it.
            </>
          }
          confirmLabel="Yes, suspend"
          pendingLabel="Suspending…"
        />
      ) : null}
    </>
  );
}
