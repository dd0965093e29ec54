import 'server-only';
import { sql } from 'drizzle-orm';
import { getDatabase } from '@/db';
import { limitsHealth, type LimitsHealth } from './limits';

export interface HealthReport extends LimitsHealth {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
  driver: string;
  latencyMs: number | null;
}

/** Readiness: the database answers a trivial query within the timeout. */
export async function checkDatabase(timeoutMs = 2_000): Promise<HealthReport> {
  const started = performance.now();
  let driver = 'unknown';
  try {
    const handle = getDatabase();
    driver = handle.driver;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database health check timed out')), timeoutMs);
    });
    try {
      await Promise.race([handle.db.execute(sql`select 1`), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return { status: 'ok', database: 'up', driver, latencyMs: Math.round(performance.now() - started), ...limitsHealth() };
  } catch (error) {
    console.error('[health] database unreachable:', (error as Error).message);
    return { status: 'unavailable', database: 'down', driver, latencyMs: null, ...limitsHealth() };
  }
}
