import { checkDatabase } from '@/lib/health/check-database';
import { checkMigrations } from '@/lib/health/check-migrations';
import { runtimeStatus } from '@/lib/runtime/jobs';
import { isShuttingDown } from '@/lib/runtime/shutdown';

export const dynamic = 'force-dynamic';

/**
 * Readiness, for load balancers: should this instance get traffic? 200 when the database answers, the
 * build's migrations are applied (drizzle's record vs db/migrations/meta/_journal.json) and the process
 * runtime started (lib/runtime: background jobs, the key invalidation listener); else 503 with `failed`
 * naming the checks that did not pass. From SIGTERM on (scripts/serve.mjs) it answers 503 at once,
 * without touching the database, so the balancer stops sending while in-flight requests finish.
 * `GET /api/health` stays liveness: the process is up and the database answers.
 */
export async function GET() {
  const headers = { 'Cache-Control': 'no-store' };
  if (isShuttingDown()) {
    return Response.json({ status: 'unavailable', ready: false, failed: ['shutting-down'], shuttingDown: true }, { status: 503, headers });
  }
  const database = await checkDatabase();
  const migrations = database.status === 'ok' ? await checkMigrations() : null;
  const runtime = runtimeStatus();
  // PORTAL_RUNTIME=off runs no background work on purpose (see instrumentation.ts): not a failure.
  const runtimeOff = process.env.PORTAL_RUNTIME === 'off';
  const runtimeOk = runtimeOff || (runtime.started && runtime.startError === null);
  const failed = [
    ...(database.status === 'ok' ? [] : ['database']),
    ...(migrations && !migrations.ok ? ['migrations'] : []),
    ...(runtimeOk ? [] : ['runtime']),
    // Checked again: SIGTERM may have arrived while the checks ran.
    ...(isShuttingDown() ? ['shutting-down'] : []),
  ];
  const ready = failed.length === 0;
  return Response.json(
    {
      status: ready ? 'ok' : 'unavailable',
      ready,
      failed,
      shuttingDown: isShuttingDown(),
      database,
      migrations: migrations ?? { ok: null, error: 'not checked: the database is unreachable' },
      runtime: { status: runtimeOff ? 'off' : runtime.started ? 'started' : 'not-started', startError: runtime.startError },
    },
    { status: ready ? 200 : 503, headers },
  );
}
