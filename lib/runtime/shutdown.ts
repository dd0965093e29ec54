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

/** What SIGTERM runs (scripts/serve.mjs reads the same hooks): each in order of registration, errors logged. */
export async function runShutdownHooks(): Promise<void> {
  for (const [name, hook] of holder.__partnerPortalShutdownHooks ?? []) {
    try {
      await hook();
    } catch (error) {
      console.error(`[shutdown] ${name} failed: ${(error as Error)?.message ?? error}`);
    }
  }
}

/**
 * Set by `scripts/serve.mjs` the moment SIGTERM/SIGINT arrives, before it stops accepting connections:
 * readiness (`/api/health/ready`) answers 503 from then on, so a load balancer stops sending here while
 * requests in flight finish.
 */
const flag = globalThis as typeof globalThis & { __partnerPortalShuttingDown?: boolean };

export function isShuttingDown(): boolean {
  return flag.__partnerPortalShuttingDown === true;
}

export function markShuttingDown(): void {
  flag.__partnerPortalShuttingDown = true;
}
