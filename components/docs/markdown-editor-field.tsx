'use client';

import { useDeferredValue, useState, type KeyboardEvent } from 'react';
import { MarkdownContent } from '@/components/markdown/markdown-content';
import { cn } from '@/components/ui/cn';

type Pane = 'write' | 'preview';

const panes: { id: Pane; label: string }[] = [
  { id: 'write', label: 'Write' },
  { id: 'preview', label: 'Preview' },
];

/**
 * The doc's Markdown and its live preview: side by side on wide screens, as "Write"/"Preview" tabs on
 * narrow ones. The preview is the reader's renderer itself, so what staff see is what partners get
 * (no raw HTML, inert `javascript:` links, highlighted code).
 */
export function MarkdownEditorField({
  value,
  onChange,
  error,
  maxLength,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  maxLength: number;
}) {
  const [pane, setPane] = useState<Pane>('write');
  // Typing stays responsive on long docs: the preview catches up when React has time.
  const preview = useDeferredValue(value);
  const isStale = preview !== value;

  function onTabKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next: Pane = pane === 'write' ? 'preview' : 'write';
    setPane(next);
    document.getElementById(`doc-pane-tab-${next}`)?.focus();
  }

  return (
    <div className="space-y-2">
      {/* Narrow: the label and the tabs; wide: the label over the text and a caption over the preview. */}
      <div className="flex flex-wrap items-end justify-between gap-3 lg:grid lg:grid-cols-2 lg:gap-4">
        <label htmlFor="field-content" className="block text-sm font-medium text-zinc-800">
          Content <span className="font-normal text-zinc-500">(Markdown)</span>
        </label>
        <p aria-hidden="true" className="hidden text-sm font-medium text-zinc-500 lg:block">
          Preview
        </p>
        <div role="tablist" aria-label="Editor view" className="flex gap-1 rounded-lg bg-zinc-100 p-1 lg:hidden">
          {panes.map((tab) => (
            <button
              key={tab.id}
              id={`doc-pane-tab-${tab.id}`}
              type="button"
              role="tab"
              aria-selected={pane === tab.id}
              aria-controls={`doc-pane-${tab.id}`}
              tabIndex={pane === tab.id ? 0 : -1}
              onClick={() => setPane(tab.id)}
              onKeyDown={onTabKeyDown}
              className={cn(
                'rounded-md px-3 py-1 text-sm font-medium',
                pane === tab.id ? 'bg-white text-zinc-900 shadow-xs' : 'text-zinc-600 hover:text-zinc-900',
              )}
            >
              {tab.label}
            </button>
          ))}
        </div>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <div id="doc-pane-write" className={cn(pane === 'write' ? 'block' : 'hidden', 'lg:block')}>
          <textarea
            id="field-content"
            name="content"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            maxLength={maxLength}
            spellCheck
            placeholder={'## Overview\n\nWrite in Markdown: headings, tables, task lists and fenced code blocks.'}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'field-content-hint field-content-error' : 'field-content-hint'}
            className={cn(
              'block h-[32rem] min-h-64 w-full resize-y rounded-lg border border-zinc-300 bg-white px-3 py-2 font-mono text-sm leading-6 text-zinc-900 shadow-xs',
              'placeholder:font-sans placeholder:text-zinc-400 hover:border-zinc-400 focus-visible:border-indigo-600 aria-invalid:border-red-500',
            )}
          />
        </div>
        <section
          id="doc-pane-preview"
          aria-label="Preview"
          aria-busy={isStale || undefined}
          className={cn(
            pane === 'preview' ? 'block' : 'hidden',
            'h-[32rem] min-h-64 overflow-y-auto rounded-lg border border-dashed border-zinc-300 bg-white px-5 py-4 lg:block',
          )}
        >
          {preview.trim() ? (
            <MarkdownContent markdown={preview} />
          ) : (
            <p className="text-sm text-zinc-500">The preview shows the doc as partners will read it.</p>
          )}
        </section>
      </div>

      <p id="field-content-hint" className="text-xs text-zinc-500">
        GitHub-flavoured Markdown. HTML tags are not rendered. A <code className="font-mono">## Heading</code> becomes an entry of the doc’s table of contents.
      </p>
      {error ? (
        <p id="field-content-error" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
