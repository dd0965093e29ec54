'use client';

import { Check, Copy, type LucideIcon } from 'lucide-react';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Alert } from './alert';
import { Button } from './button';
import { cn } from './cn';
import { useClipboard } from './use-clipboard';

export interface OneTimeValueProps {
  /** The panel's heading; it takes the focus on mount. */
  heading: ReactNode;
  /** The read-only input's label (its accessible name). */
  label: string;
  /** The value shown once. */
  value: string;
  /** What the value is, in the copy status: "The {noun} is on your clipboard." */
  noun: string;
  icon: LucideIcon;
  /** The warning below the value; it also describes the input. */
  note: ReactNode;
  /** Follow-up links or buttons, after the note. */
  actions: ReactNode;
  /**
   * Inside a card (the members panel): an h3 heading, tighter padding, no shadow, and the section is a
   * region labelled by its heading. Otherwise a page-level panel with an h2 heading.
   */
  nested?: boolean;
  /** Fixed element ids; generated with useId when omitted. */
  ids?: { heading: string; value: string; note: string };
  /** Shown under the heading. */
  children?: ReactNode;
}

/**
 * A value shown once (a new key's secret, an invitation link): it lives only in the state of the form
 * that received it from its action, never in the URL, and cannot be fetched again.
 */
export function OneTimeValue({ heading, label, value, noun, icon: Icon, note, actions, nested = false, ids, children }: OneTimeValueProps) {
  const id = useId();
  const headingId = ids?.heading ?? `${id}-heading`;
  const valueId = ids?.value ?? `${id}-value`;
  const noteId = ids?.note ?? `${id}-note`;
  const Heading = nested ? 'h3' : 'h2';
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const { state: copy, copy: writeClipboard } = useClipboard({ resetMs: 4000, keepFailure: true });

  // The form this replaces had the focus: bring keyboard and screen reader users to the new value.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function copyToClipboard() {
    if (await writeClipboard(value)) return;
    // No clipboard (plain http, or permission refused): select the value so that Ctrl+C copies it.
    inputRef.current?.focus();
    inputRef.current?.select();
  }

  return (
    <section aria-labelledby={nested ? headingId : undefined} className={cn('rounded-xl border border-emerald-200 bg-white', !nested && 'shadow-xs')}>
      <div className={cn('flex items-start gap-3 border-b border-emerald-100 bg-emerald-50/60', nested ? 'px-4 py-3' : 'px-5 py-4')}>
        <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-emerald-100 text-emerald-700">
          <Icon aria-hidden="true" className="size-4" />
        </span>
        <div className="min-w-0">
          <Heading id={headingId} ref={headingRef} tabIndex={-1} className="text-base font-semibold text-zinc-900 focus:outline-none">
            {heading}
          </Heading>
          {children ? <div className="mt-1 text-sm text-zinc-700">{children}</div> : null}
        </div>
      </div>
      <div className={cn('space-y-4', nested ? 'px-4' : 'px-5', 'py-4')}>
        <div className="space-y-1.5">
          <label htmlFor={valueId} className="block text-sm font-medium text-zinc-800">
            {label}
          </label>
          <div className="flex flex-col gap-2 sm:flex-row">
            <input
              ref={inputRef}
              id={valueId}
              type="text"
              readOnly
              value={value}
              autoComplete="off"
              spellCheck={false}
              onFocus={(event) => event.currentTarget.select()}
              aria-describedby={noteId}
              className="block h-10 w-full min-w-0 rounded-lg border border-zinc-300 bg-zinc-50 px-3 font-mono text-sm text-zinc-900 shadow-xs"
            />
            <Button variant="secondary" onClick={copyToClipboard} className="shrink-0">
              {copy === 'copied' ? <Check aria-hidden="true" className="text-emerald-600" /> : <Copy aria-hidden="true" />}
              {copy === 'copied' ? 'Copied' : 'Copy'}
            </Button>
          </div>
          <p role="status" className="min-h-5 text-xs text-zinc-600">
            {copy === 'copied'
              ? `The ${noun} is on your clipboard.`
              : copy === 'failed'
                ? `Copying is blocked here: the ${noun} is selected, press Ctrl+C (⌘C on a Mac).`
                : ''}
          </p>
        </div>
        <Alert tone="warning" id={noteId}>
          {note}
        </Alert>
        {actions}
      </div>
    </section>
  );
}
