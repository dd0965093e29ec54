'use client';

import { createContext, use, useMemo, useState, type ReactNode } from 'react';

interface ApiKeyState {
  apiKey: string;
  setApiKey: (value: string) => void;
}

const ApiKeyContext = createContext<ApiKeyState | null>(null);

/**
 * Holds the key pasted into any try-it console so the others reuse it. React state only, on purpose:
 * no storage, cookie or URL ever sees it, and leaving the page forgets it.
 */
export function ApiKeyProvider({ children }: { children: ReactNode }) {
  const [apiKey, setApiKey] = useState('');
  const value = useMemo(() => ({ apiKey, setApiKey }), [apiKey]);
  return <ApiKeyContext value={value}>{children}</ApiKeyContext>;
}

export function useApiKey(): ApiKeyState {
  const state = use(ApiKeyContext);
  if (!state) throw new Error('useApiKey must be used inside <ApiKeyProvider>.');
  return state;
}
