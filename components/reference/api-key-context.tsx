'use client';

import { createContext, use, useMemo, useState, type ReactNode } from 'react';
import type { FormAction } from '@/lib/actions/action-spec';
import type { CreatedKeyData } from '@/lib/keys/create-key-action';

/** The server action that makes the try-it console's own key (signed-in pages only). */
export type MintKeyAction = FormAction<CreatedKeyData>;

interface ApiKeyState {
  apiKey: string;
  setApiKey: (value: string) => void;
  mintKey: MintKeyAction | null;
}

const ApiKeyContext = createContext<ApiKeyState | null>(null);

/**
 * Holds the key pasted into any try-it console so the others reuse it. React state only, on purpose:
 * no storage, cookie or URL ever sees it, and leaving the page forgets it.
 */
export function ApiKeyProvider({ children, mintKey = null }: { children: ReactNode; mintKey?: MintKeyAction | null }) {
  const [apiKey, setApiKey] = useState('');
  const value = useMemo(() => ({ apiKey, setApiKey, mintKey }), [apiKey, mintKey]);
  return <ApiKeyContext value={value}>{children}</ApiKeyContext>;
}

export function useApiKey(): ApiKeyState {
  const state = use(ApiKeyContext);
  if (!state) throw new Error('useApiKey must be used inside <ApiKeyProvider>.');
  return state;
}
