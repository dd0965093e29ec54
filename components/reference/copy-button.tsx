'use client';

import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';

/** Copies a value; the result is announced, and a refused clipboard says so instead of failing silently. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 3000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <span role="status" className="text-xs text-zinc-500">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copying is blocked: select the text instead' : ''}
      </span>
      <Button variant="ghost" size="sm" onClick={copy} aria-label={label}>
        {state === 'copied' ? <Check aria-hidden="true" className="text-emerald-600" /> : <Copy aria-hidden="true" />}
        <span aria-hidden="true">Copy</span>
      </Button>
    </span>
  );
}
