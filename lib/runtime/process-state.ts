/**
 * The one home of process-wide state. Next.js bundles each route (and the server script) separately, so
 * a module-level variable would exist once per bundle; state that must be one per process lives on
 * `globalThis`, and only through here (a lint-free grep keeps it that way: no `globalThis` outside
 * lib/runtime/ and db/).
 */
const holder = globalThis as typeof globalThis & { __partnerPortal?: Map<string, unknown> };

export function processState<T>(key: string, init: () => T): T {
  const states = (holder.__partnerPortal ??= new Map());
  // One lookup on the way that every guarded request takes several times; `has` only for a state that is undefined.
  let value = states.get(key) as T | undefined;
  if (value === undefined && !states.has(key)) states.set(key, (value = init()));
  return value as T;
}

/** Forgets a state (tests, and a runtime that stops). */
export function resetProcessState(key: string): void {
  holder.__partnerPortal?.delete(key);
}
