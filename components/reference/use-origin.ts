'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * This portal's origin as the browser sees it (behind a proxy the server may not know it). Empty
 * during server rendering and hydration, then filled in, without a hydration mismatch.
 */
export function useOrigin(): string {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => '',
  );
}
