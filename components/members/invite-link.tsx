'use client';

import { Check, Copy, Mail, UserPlus } from 'lucide-react';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { formatDateTime } from '@/components/ui/format';

/**
 * A new invitation's link, shown once (like a key's secret): it lives only in the state of the form
 * that received it from its action, never in the URL, and cannot be fetched again.
 */
export function InviteLink({
  link,
  expiresAt,
  onInviteAnother,
  children,
}: {
  link: string;
  expiresAt: string;
  onInviteAnother: () => void;
  children?: ReactNode;
}) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  // The form this replaces had the focus: bring keyboard and screen reader users to the link.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = setTimeout(() => setCopy('idle'), 4000);
    return () => clearTimeout(timer);
  }, [copy]);

  async function copyToClipboard() {
    try {
      await navigator.clipboard.writeText(link);
      setCopy('copied');
    } catch {
      // No clipboard (plain http, or permission refused): select the link so that Ctrl+C copies it.
      inputRef.current?.focus();
      inputRef.current?.select();
      setCopy('failed');
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-xl border border-emerald-200 bg-white">
      <div className="flex items-start gap-3 border-b border-emerald-100 bg-emerald-50/60 px-4 py-3">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-emerald-100 text-emerald-700">
          <Mail aria-hidden="true" className="size-4" />
        </span>
        <div className="min-w-0">
          <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="text-base font-semibold text-zinc-900 focus:outline-none">
            Invitation link
          </h3>
          {children ? <div className="mt-1 text-sm text-zinc-700">{children}</div> : null}
        </div>
      </div>
      <div className="space-y-4 px-4 py-4">
        <div className="space-y-1.5">
          <label htmlFor={`${id}-value`} className="block text-sm font-medium text-zinc-800">
            Invitation link
          </label>
          <div className="flex flex-col gap-2 sm:flex-row">
            <input
              ref={inputRef}
              id={`${id}-value`}
              type="text"
              readOnly
              value={link}
              autoComplete="off"
              spellCheck={false}
              onFocus={(event) => event.currentTarget.select()}
              aria-describedby={`${id}-note`}
              className="block h-10 w-full min-w-0 rounded-lg border border-zinc-300 bg-zinc-50 px-3 font-mono text-sm text-zinc-900 shadow-xs"
            />
            <Button variant="secondary" onClick={copyToClipboard} className="shrink-0">
              {copy === 'copied' ? <Check aria-hidden="true" className="text-emerald-600" /> : <Copy aria-hidden="true" />}
              {copy === 'copied' ? 'Copied' : 'Copy'}
            </Button>
          </div>
          <p role="status" className="min-h-5 text-xs text-zinc-600">
            {copy === 'copied'
              ? 'The link is on your clipboard.'
              : copy === 'failed'
                ? 'Copying is blocked here: the link is selected, press Ctrl+C (⌘C on a Mac).'
                : ''}
          </p>
        </div>
        <Alert tone="warning" id={`${id}-note`}>
          <strong className="font-semibold">This link is shown only now.</strong> It works once and expires in 7 days (
          {formatDateTime(expiresAt)}). Send it to the person you invited; if it is lost, withdraw the invitation and invite them again.
        </Alert>
        <Button variant="secondary" onClick={onInviteAnother}>
          <UserPlus aria-hidden="true" />
          Invite another member
        </Button>
      </div>
    </section>
  );
}
