'use client';

import { Check, Copy, type LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button, type ButtonVariant } from './button';
import { useClipboard } from './use-clipboard';

export interface CopyButtonProps {
  value: string;
  /** The button's accessible name when the visible text is not enough ("Copy response body"); the text is then hidden from screen readers. */
  label?: string;
  /** The visible text, and the accessible name when there is no `label`. */
  text?: string;
  icon?: LucideIcon;
  variant?: ButtonVariant;
  /** What the status says when the clipboard refuses. */
  blockedHint?: string;
  /** Shown after the button (a link to the same content, for instance). */
  children?: ReactNode;
}

/** Copies a value; the result is announced, and a refused clipboard says so instead of failing silently. */
export function CopyButton({
  value,
  label,
  text = 'Copy',
  icon: Icon = Copy,
  variant = 'ghost',
  blockedHint = 'Copying is blocked: select the text instead',
  children,
}: CopyButtonProps) {
  const { state, copy } = useClipboard();
  return (
    <span className="inline-flex items-center gap-2">
      <span role="status" className="text-xs text-zinc-500">
        {state === 'copied' ? 'Copied' : state === 'failed' ? blockedHint : ''}
      </span>
      <Button variant={variant} size="sm" onClick={() => copy(value)} aria-label={label}>
        {state === 'copied' ? <Check aria-hidden="true" className="text-emerald-600" /> : <Icon aria-hidden="true" />}
        {label ? <span aria-hidden="true">{text}</span> : text}
      </Button>
      {children}
    </span>
  );
}
