'use client';

import { useId, useRef, type KeyboardEvent } from 'react';
import { cn } from '@/components/ui/cn';
import { codeSample, sampleLanguages, type SampleRequest } from './code-samples';
import { CopyButton } from '@/components/ui/copy-button';
import { useSampleLanguage } from './use-sample-language';

/**
 * One request in curl, JavaScript, Python and Go, behind tabs (arrow keys move between them). The
 * language chosen is remembered and shared by every sample of the portal.
 */
export function CodeSamplesPanel({ request, title = 'Code samples' }: { request: SampleRequest; title?: string }) {
  const uid = useId();
  const [language, choose] = useSampleLanguage();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const code = codeSample(language, request);
  const current = sampleLanguages.findIndex((l) => l.id === language);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const index =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? sampleLanguages.length - 1
          : step
            ? (current + step + sampleLanguages.length) % sampleLanguages.length
            : -1;
    if (index < 0) return;
    event.preventDefault();
    choose(sampleLanguages[index]!.id);
    tabs.current[index]?.focus();
  }

  return (
    <div className="min-w-0">
      <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-3">
          <h5 id={`${uid}-title`} className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
            {title}
          </h5>
          <div role="tablist" aria-labelledby={`${uid}-title`} className="flex gap-1" onKeyDown={onKeyDown}>
            {sampleLanguages.map((l, i) => (
              <button
                key={l.id}
                ref={(node) => {
                  tabs.current[i] = node;
                }}
                type="button"
                role="tab"
                id={`${uid}-tab-${l.id}`}
                aria-selected={l.id === language}
                aria-controls={`${uid}-code`}
                tabIndex={l.id === language ? 0 : -1}
                onClick={() => choose(l.id)}
                className={cn(
                  'rounded-md px-2 py-1 text-xs font-medium',
                  l.id === language ? 'bg-zinc-900 text-white' : 'text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900',
                )}
              >
                {l.label}
              </button>
            ))}
          </div>
        </div>
        <CopyButton value={code} label={`Copy the ${sampleLanguages[current]?.label ?? ''} sample`} />
      </div>
      <pre
        id={`${uid}-code`}
        tabIndex={0}
        role="tabpanel"
        aria-labelledby={`${uid}-tab-${language}`}
        className="overflow-x-auto rounded-lg bg-zinc-900 p-3 font-mono text-xs leading-relaxed text-zinc-100"
      >
        {code}
      </pre>
    </div>
  );
}
