'use client';

import { Ban, Check, CirclePlay } from 'lucide-react';
import { createContext, use, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
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
  confirming: boolean;
  ask: () => void;
  cancel: () => void;
  buttonRef: RefObject<HTMLButtonElement | null>;
  promptRef: RefObject<HTMLParagraphElement | null>;
}

const StatusControlsContext = createContext<StatusControls | null>(null);

/**
 * Approve, suspend and reactivate an organization (admins). The button sits in the page header, the
 * suspension prompt and the outcome below it; this provider holds what they share. It stays mounted
 * while the status changes, so the outcome outlives the button that asked for it.
 */
export function PartnerStatusProvider({
  partnerId,
  name,
  status,
  children,
}: {
  partnerId: string;
  name: string;
  status: PartnerStatus;
  children: ReactNode;
}) {
  const approve = useActionForm(approvePartner);
  const suspend = useActionForm(suspendPartner);
  const reactivate = useActionForm(reactivatePartner);
  const [last, setLast] = useState<StatusAction | null>(null);
  const outcomes = [approve.state, suspend.state, reactivate.state];
  // The prompt is open until the next outcome arrives (or Cancel): remembered with the outcomes it was asked after.
  const [askedAfter, setAskedAfter] = useState<(ActionResult | null)[] | null>(null);
  const confirming = askedAfter !== null && askedAfter.every((outcome, i) => outcome === outcomes[i]);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const promptRef = useRef<HTMLParagraphElement>(null);
  const state = last ? { approve, suspend, reactivate }[last].state : null;

  // After an outcome the button that was used (or the prompt) may be gone: put the focus on the status button.
  useEffect(() => {
    if (!approve.state && !suspend.state && !reactivate.state) return;
    requestAnimationFrame(() => buttonRef.current?.focus());
  }, [approve.state, suspend.state, reactivate.state]);

  const controls: StatusControls = {
    partnerId,
    name,
    status,
    actions: { approve: approve.formAction, suspend: suspend.formAction, reactivate: reactivate.formAction },
    state,
    submitted: setLast,
    confirming,
    ask() {
      setAskedAfter(outcomes);
      // After React shows the prompt: read it out, and let Tab reach "Yes, suspend" next.
      requestAnimationFrame(() => promptRef.current?.focus());
    },
    cancel() {
      setAskedAfter(null);
      requestAnimationFrame(() => buttonRef.current?.focus());
    },
    buttonRef,
    promptRef,
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
  const { partnerId, status, actions, submitted, confirming, ask, buttonRef } = useStatusControls();

  if (status === 'active') {
    return (
      <Button ref={buttonRef} variant="danger" onClick={ask} aria-expanded={confirming} aria-controls={confirming ? 'suspend-prompt' : undefined}>
        <Ban aria-hidden="true" />
        Suspend
      </Button>
    );
  }

  const action: StatusAction = status === 'pending' ? 'approve' : 'reactivate';
  return (
    <form action={actions[action]} onSubmit={() => submitted(action)} className="inline">
      <input type="hidden" name="partnerId" value={partnerId} />
      <SubmitButton ref={buttonRef} pendingLabel={action === 'approve' ? 'Approving…' : 'Reactivating…'}>
        {action === 'approve' ? <Check aria-hidden="true" /> : <CirclePlay aria-hidden="true" />}
        {action === 'approve' ? 'Approve' : 'Reactivate'}
      </SubmitButton>
    </form>
  );
}

/** The outcome of the last status change and, while it is asked, the suspension prompt. */
export function PartnerStatusOutcome() {
  const { partnerId, name, status, actions, state, submitted, confirming, cancel, promptRef } = useStatusControls();
  return (
    <>
      <FormMessage state={state} />
      {confirming && status === 'active' ? (
        <form
          id="suspend-prompt"
          action={actions.suspend}
          onSubmit={() => submitted('suspend')}
          aria-label={`Suspend ${name}`}
          onKeyDown={(event) => {
            if (event.key === 'Escape') cancel();
          }}
          className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-4"
        >
          <input type="hidden" name="partnerId" value={partnerId} />
          <p ref={promptRef} tabIndex={-1} className="text-sm text-red-900 focus:outline-none">
            <strong className="font-semibold">Suspend {name}?</strong> All its API keys are refused at once, and its users get a
            read-only portal until you reactivate it.
          </p>
          <div className="flex flex-wrap gap-2">
            <SubmitButton variant="danger" pendingLabel="Suspending…">
              Yes, suspend
            </SubmitButton>
            <Button variant="secondary" onClick={cancel}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </>
  );
}
