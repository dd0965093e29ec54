import 'server-only';
import { db } from '@/db';
// Each capability registers its own jobs; importing them here is what puts them in this process.
import '@/lib/usage/metering-jobs';
import '@/lib/keys/last-used';
import '@/lib/cache/invalidation-bus';
import '@/lib/keys/key-invalidation';
import '@/lib/catalog/endpoint-lifecycle';
import '@/lib/usage/live-relay';
import '@/lib/alerts/alert-jobs';
import '@/lib/secrets/secret-jobs';
import '@/lib/limits/limit-jobs';
import '@/lib/verifier/verifier-jobs';
import { periodClaimer } from './cluster-periods';
import { runtimeStatus, startRuntime, stopRuntime } from './jobs';
import { onShutdown } from './shutdown';

/** Called once per server process (instrumentation.ts): every job of the portal, stopped and flushed on SIGTERM. */
export async function startProcessRuntime(): Promise<void> {
  await startRuntime({ claim: periodClaimer(() => db) });
  onShutdown('runtime', stopRuntime);
  console.log(
    `[runtime] started: ${runtimeStatus()
      .jobs.map((j) => `${j.name} (${j.scope})`)
      .join(', ')}`,
  );
}
