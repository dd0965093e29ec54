'use client';

import { Eye, EyeOff } from 'lucide-react';
import { useEffect, useRef, useState, useTransition } from 'react';
import { revealSecret } from '../actions';
import { CopyButton } from '@/components/ui/copy-button';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { MASKED_VALUE } from '@/components/secrets/secret-vocabulary';
import type { ActionData } from '@/lib/actions/action-spec';

type Revealed = ActionData<typeof revealSecret>;

/**
 * A secret's value, masked until someone allowed to see it asks (each reveal is logged server-side).
 * The plain value lives only in this component's state: never in the URL, gone on Hide or when the
 * component unmounts (leaving the page, or the table re-mounting on a new sort, page or filter).
 */
export function SecretValue({
  secretId,
  name,
  version,
  canReveal,
  compact = false,
}: {
  secretId: string;
  name: string;
  /** A past version (history); the current one when omitted. */
  version?: number;
  canReveal: boolean;
  /** In a table cell: a shorter box. */
  compact?: boolean;
}) {
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const revealRef = useRef<HTMLButtonElement>(null);
  const hideRef = useRef<HTMLButtonElement>(null);
  const moveFocus = useRef<'hide' | 'reveal' | null>(null);
  const subject = version === undefined ? `the value of ${name}` : `version ${version} of ${name}`;

  // The button that was pressed disappears: keep keyboard users on its counterpart.
  useEffect(() => {
    if (moveFocus.current === 'hide') hideRef.current?.focus();
    if (moveFocus.current === 'reveal') revealRef.current?.focus();
    moveFocus.current = null;
  }, [revealed]);

  function reveal() {
    // aria-disabled rather than disabled while pending: a disabled button would drop the focus.
    if (isPending) return;
    const formData = new FormData();
    formData.set('secretId', secretId);
    if (version !== undefined) formData.set('version', String(version));
    setError(null);
    startTransition(async () => {
      const result = await revealSecret(null, formData);
      if (result.ok && result.data) {
        moveFocus.current = 'hide';
        setRevealed(result.data);
      } else {
        setError(result.ok ? 'The value could not be shown.' : result.error);
      }
    });
  }

  function hide() {
    moveFocus.current = 'reveal';
    setRevealed(null);
  }

  if (revealed) {
    return (
      <div role="group" aria-label={`Value of ${name}${version === undefined ? '' : ` (version ${version})`}`} className="flex min-w-0 flex-col gap-1.5">
        <pre
          className={cn(
            'overflow-auto rounded-md border border-amber-200 bg-amber-50/60 px-2 py-1 font-mono text-xs break-all whitespace-pre-wrap text-zinc-900',
            compact ? 'max-h-24 max-w-md' : 'max-h-64',
          )}
        >
          {revealed.value}
        </pre>
        <div className="flex items-center gap-1">
          <CopyButton value={revealed.value} label={`Copy ${subject}`} />
          <Button ref={hideRef} variant="ghost" size="sm" onClick={hide} aria-label={`Hide ${subject}`}>
            <EyeOff aria-hidden="true" />
            <span aria-hidden="true">Hide</span>
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="flex min-w-0 flex-col gap-1">
      <div className="flex items-center gap-2">
        <span aria-hidden="true" className="font-mono text-sm tracking-widest text-zinc-500">
          {MASKED_VALUE}
        </span>
        <span className="sr-only">Hidden</span>
        {canReveal ? (
          <Button ref={revealRef} variant="ghost" size="sm" onClick={reveal} aria-disabled={isPending || undefined} aria-label={`Reveal ${subject}`}>
            <Eye aria-hidden="true" />
            <span aria-hidden="true">{isPending ? 'Revealing…' : 'Reveal'}</span>
          </Button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
