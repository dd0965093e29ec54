'use client';

import { Check, FileText } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';

/** "Copy as Markdown" (for a language model or an issue) beside a link to the raw `.md`; a refused clipboard says so. */
export function CopyMarkdownButton({ markdown, href }: { markdown: string; href: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 3000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(markdown);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <span role="status" className="text-xs text-zinc-500">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copying is blocked: open the Markdown instead' : ''}
      </span>
      <Button variant="secondary" size="sm" onClick={copy}>
        {state === 'copied' ? <Check aria-hidden="true" className="text-emerald-600" /> : <FileText aria-hidden="true" />}
        Copy as Markdown
      </Button>
      <a href={href} className="rounded text-xs font-medium text-indigo-700 underline-offset-4 hover:underline">
        View .md
      </a>
    </span>
  );
}
