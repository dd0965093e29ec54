'use client';

import { Check, Copy } from 'lucide-react';
import { useRef, type ReactNode } from 'react';
import { cn } from '@/components/ui/cn';
import { useClipboard } from '@/components/ui/use-clipboard';

export interface CodeBlockProps {
  /** The fence's info string language (`ts` for ```ts); no label when the fence has none. */
  language?: string;
  /** The `<code>` element, already highlighted on the server. */
  children: ReactNode;
}

/**
 * A fenced code block with its language and a copy button. The highlighting is done on the server;
 * this client part only exists for the clipboard.
 */
export function CodeBlock({ language, children }: CodeBlockProps) {
  const preRef = useRef<HTMLPreElement>(null);
  const { state: copy, copy: writeClipboard } = useClipboard({ resetMs: 2000, keepFailure: true });

  async function copyCode() {
    const pre = preRef.current;
    if (!pre) return;
    // The block always ends with a newline; pasted into a terminal it would run the command at once.
    const text = (pre.textContent ?? '').replace(/\n$/, '');
    // No clipboard (plain http, or permission refused): select the code so that Ctrl+C copies it.
    if (!(await writeClipboard(text))) window.getSelection()?.selectAllChildren(pre);
  }

  return (
    <div className="my-5 overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50">
      <div className="flex h-9 items-center justify-between gap-2 border-b border-zinc-200 bg-white/70 pr-1.5 pl-3">
        <span className="font-mono text-xs text-zinc-500">{language ?? ''}</span>
        <button
          type="button"
          onClick={copyCode}
          aria-label="Copy code"
          className={cn(
            'inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs font-medium text-zinc-600 transition-colors',
            'hover:bg-zinc-100 hover:text-zinc-900 [&_svg]:size-3.5',
          )}
        >
          {copy === 'copied' ? <Check aria-hidden="true" className="text-emerald-600" /> : <Copy aria-hidden="true" />}
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {/* Focusable so that keyboard users can scroll long lines sideways. */}
      <pre ref={preRef} tabIndex={0} className="overflow-x-auto px-4 py-3 font-mono text-[13px] leading-6 text-zinc-800">
        {children}
      </pre>
      {/* The button's name stays "Copy code"; this tells screen reader users what happened. */}
      <p role="status" className={cn(copy === 'failed' ? 'border-t border-zinc-200 px-3 py-2 text-xs text-zinc-600' : 'sr-only')}>
        {copy === 'copied'
          ? 'Code copied to the clipboard.'
          : copy === 'failed'
            ? 'Copying is blocked here: the code is selected, press Ctrl+C (⌘C on a Mac).'
            : ''}
      </p>
    </div>
  );
}
