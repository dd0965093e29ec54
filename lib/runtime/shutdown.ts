/**
 * Work to finish before the process exits (flushing in-memory batches). `scripts/serve.mjs` runs the
 * hooks (in order of registration) on SIGTERM/SIGINT after it stops accepting connections. Kept on globalThis because the server
 * script and the app's bundles do not share module instances.
 */
type Hook = () => Promise<unknown>;
const holder = globalThis as typeof globalThis & { __partnerPortalShutdownHooks?: Map<string, Hook> };

export function onShutdown(name: string, hook: Hook): void {
  (holder.__partnerPortalShutdownHooks ??= new Map()).set(name, hook);
}
