'use client';

import { EyeOff, Send } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { publishDoc, unpublishDoc } from '../../actions';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, type ButtonSize } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';

/**
 * Publishes a draft at once, or unpublishes a published doc after a confirmation (partners lose it
 * mid-read). The confirmation is a modal `<dialog>`: it traps the focus, Escape closes it, and the focus
 * returns to the button. `withTitle` adds the doc's title to the buttons' names, for rows of a table.
 * It stays mounted whatever the state, so the outcome is still announced after the button changed.
 */
export function PublishToggle({
  docId,
  title,
  isPublished,
  size = 'md',
  withTitle = false,
  showPublish = true,
  focusAfterUnpublish,
}: {
  docId: string;
  title: string;
  isPublished: boolean;
  size?: ButtonSize;
  withTitle?: boolean;
  /** False where a draft is published some other way (the editor publishes with the edits on screen). */
  showPublish?: boolean;
  /** The id of what takes the focus once unpublished, when this toggle then shows no button. */
  focusAfterUnpublish?: string;
}) {
  const publish = useActionForm(publishDoc);
  const unpublish = useActionForm(unpublishDoc);
  const [last, setLast] = useState<'publish' | 'unpublish' | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const state = last === 'publish' ? publish.state : last === 'unpublish' ? unpublish.state : null;

  // The dialog stays open while the request runs (its button shows the progress), and closes on success.
  // The button that was pressed is then replaced by the opposite one: the focus moves there, not to the page's start.
  useEffect(() => {
    if (!unpublish.state?.ok) return;
    dialogRef.current?.close();
    requestAnimationFrame(() => (focusAfterUnpublish ? document.getElementById(focusAfterUnpublish) : buttonRef.current)?.focus());
  }, [unpublish.state, focusAfterUnpublish]);

  useEffect(() => {
    if (publish.state?.ok) requestAnimationFrame(() => buttonRef.current?.focus());
  }, [publish.state]);

  const titleSuffix = withTitle ? <span className="sr-only"> {title}</span> : null;

  return (
    <div className="inline-flex flex-col items-start gap-1">
      {isPublished ? (
        <Button ref={buttonRef} variant="secondary" size={size} onClick={() => dialogRef.current?.showModal()} aria-haspopup="dialog">
          <EyeOff aria-hidden="true" />
          Unpublish{titleSuffix}
        </Button>
      ) : showPublish ? (
        <form action={publish.formAction} onSubmit={() => setLast('publish')}>
          <input type="hidden" name="docId" value={docId} />
          <SubmitButton ref={buttonRef} variant="secondary" size={size} pendingLabel="Publishing…">
            <Send aria-hidden="true" />
            Publish{titleSuffix}
          </SubmitButton>
        </form>
      ) : null}

      {/* The badge beside the button shows the new state; this says it out loud. */}
      <p role="status" className="sr-only">
        {state?.ok ? state.message : ''}
      </p>
      {/* An unpublish error shows in its dialog, which stays open. */}
      {last === 'publish' && publish.state && !publish.state.ok ? (
        <p role="alert" className="max-w-56 text-xs text-red-700">
          {publish.state.error}
        </p>
      ) : null}

      <dialog
        ref={dialogRef}
        aria-labelledby={headingId}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-zinc-200 bg-white p-0 text-left shadow-xl backdrop:bg-zinc-900/40"
      >
        <form action={unpublish.formAction} onSubmit={() => setLast('unpublish')} className="space-y-4 p-5">
          <input type="hidden" name="docId" value={docId} />
          <h2 id={headingId} className="text-base font-semibold text-zinc-900">
            Unpublish “{title}”?
          </h2>
          <p className="text-sm text-zinc-600">
            Partners stop seeing it at once: it leaves the docs list and search, and its address answers “page not found”. It stays here as a draft, and you can
            publish it again.
          </p>
          {unpublish.state && !unpublish.state.ok ? (
            <p role="alert" className="text-sm text-red-700">
              {unpublish.state.error}
            </p>
          ) : null}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={() => dialogRef.current?.close()}>
              Cancel
            </Button>
            <SubmitButton variant="danger" pendingLabel="Unpublishing…">
              Yes, unpublish
            </SubmitButton>
          </div>
        </form>
      </dialog>
    </div>
  );
}
