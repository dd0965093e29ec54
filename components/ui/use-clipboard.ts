'use client';

import { useEffect, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The copy buttons' state machine: `copy(text)` writes to the clipboard and answers `copied`, or `failed`
 * when there is none (plain http, or permission refused), then goes back to `idle` after `resetMs`. With
 * `keepFailure` a failure stays, so that the guidance shown with it (select the text…) does not vanish.
 */
export function useClipboard({ resetMs = 3000, keepFailure = false }: { resetMs?: number; keepFailure?: boolean } = {}) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle' || (state === 'failed' && keepFailure)) return;
    const timer = setTimeout(() => setState('idle'), resetMs);
    return () => clearTimeout(timer);
  }, [state, resetMs, keepFailure]);

  async function copy(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
      return true;
    } catch {
      setState('failed');
      return false;
    }
  }

  return { state, copy };
}
