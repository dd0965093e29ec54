'use client';

import { useCallback, useSyncExternalStore } from 'react';
import { isSampleLanguage, type SampleLanguage } from './code-samples';

const STORAGE_KEY = 'partner-portal:code-language';
const CHANGE_EVENT = 'partner-portal:code-language';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

// Where the choice lives when storage is refused (private mode): this page only.
let unsaved: SampleLanguage | null = null;

function read(): SampleLanguage {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isSampleLanguage(stored) ? stored : (unsaved ?? 'curl');
  } catch {
    return unsaved ?? 'curl';
  }
}

/**
 * The code samples' language, remembered in localStorage and shared by every sample on every page (one
 * switch moves them all, other tabs too). curl while the server renders and hydrates, so no mismatch.
 */
export function useSampleLanguage(): [SampleLanguage, (language: SampleLanguage) => void] {
  const language = useSyncExternalStore(subscribe, read, () => 'curl' as const);
  const choose = useCallback((next: SampleLanguage) => {
    unsaved = next;
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice holds for this page only.
    }
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }, []);
  return [language, choose];
}
