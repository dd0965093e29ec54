/**
 * Next.js calls `register` once when a server process starts (`next dev`, `npm start`): the background
 * work of the portal starts here, not on the first API request, so an instance that serves only the
 * portal, or was just restarted, still evaluates alerts, prunes logs and purges secrets.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build' || process.env.PORTAL_RUNTIME === 'off') return;
  const { startProcessRuntime } = await import('./lib/runtime/start');
  await startProcessRuntime();
}
