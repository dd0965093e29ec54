import { processState } from './process-state';
import { every, type Repeating } from './timers';

/**
 * Background work of a server process, one registry for all of it. Each job lives beside its capability
 * and registers itself there (`lib/alerts/alert-jobs.ts`, …); `lib/runtime/start.ts` imports those
 * modules and starts the runtime once per process (from `instrumentation.ts`), and SIGTERM stops it
 * (`stopRuntime`: timers off, then each job's `stop`, which flushes what it holds).
 *
 * - `process` jobs run in every instance: flushing in-memory batches, listening for invalidations.
 * - `cluster` jobs run once per period in the whole cluster, whichever instance claims the period first
 *   (`claimPeriod`: a row per job and period, made by exactly one instance; see cluster-periods.ts).
 */
export interface JobContext {
  /** The scheduler's clock (tests pass their own). */
  now: number;
}

export interface JobSpec {
  name: string;
  scope: 'process' | 'cluster';
  /** How often `run` is due; a cluster job runs once per period of this length in the whole cluster. */
  everyMs?: number;
  /** Not before this long after the runtime started (the first minutes of a process belong to serving). */
  firstRunAfterMs?: number;
  run?: (context: JobContext) => Promise<unknown>;
  /** Long-lived work (a listener): started with the runtime. */
  start?: () => Promise<unknown> | unknown;
  /** On shutdown, after the timers stopped: flush what the job holds. */
  stop?: () => Promise<unknown> | unknown;
}

export interface JobStatus {
  name: string;
  scope: JobSpec['scope'];
  lastRunAt: number | null;
  lastError: string | null;
  runs: number;
}

interface RuntimeState {
  jobs: Map<string, JobSpec>;
  status: Map<string, JobStatus>;
  started: boolean;
  startedAt: number;
  startError: string | null;
  ticker: Repeating | null;
  clock: () => number;
  claim: ((job: JobSpec, now: number) => Promise<boolean>) | null;
  running: Set<string>;
}

const TICK_MS = 1_000;

const state = () =>
  processState<RuntimeState>('runtime', () => ({
    jobs: new Map(),
    status: new Map(),
    started: false,
    startedAt: 0,
    startError: null,
    ticker: null,
    clock: Date.now,
    claim: null,
    running: new Set(),
  }));

export function registerJob(job: JobSpec): void {
  const s = state();
  s.jobs.set(job.name, job);
  if (!s.status.has(job.name)) s.status.set(job.name, { name: job.name, scope: job.scope, lastRunAt: null, lastError: null, runs: 0 });
}

export function registeredJobs(): JobSpec[] {
  return [...state().jobs.values()];
}

export interface StartOptions {
  /** The scheduler's clock; tests pass a fake one and call `runDueJobs` themselves. */
  clock?: () => number;
  /** How a cluster job claims a period (cluster-periods.ts); without one, every cluster job runs here. */
  claim?: (job: JobSpec, now: number) => Promise<boolean>;
  /** Tests drive the scheduler with `runDueJobs`; servers tick every second. */
  tick?: boolean;
}

/** Starts every registered job once per process. Safe to call again (a second call does nothing). */
export async function startRuntime(options: StartOptions = {}): Promise<void> {
  const s = state();
  if (s.started) return;
  s.started = true;
  s.clock = options.clock ?? Date.now;
  s.claim = options.claim ?? null;
  s.startedAt = s.clock();
  for (const job of s.jobs.values()) {
    if (!job.start) continue;
    try {
      await job.start();
    } catch (error) {
      s.startError = `${job.name}: ${(error as Error)?.message ?? error}`;
      console.error(`[runtime] ${job.name} did not start: ${(error as Error)?.message ?? error}`);
    }
  }
  // Fine enough for the most frequent job (the metering flush may be set below a second).
  const tickMs = Math.min(TICK_MS, ...[...s.jobs.values()].map((job) => job.everyMs ?? TICK_MS));
  if (options.tick !== false) s.ticker = every(tickMs, () => runDueJobs(), { name: 'scheduler' });
}

function isDue(job: JobSpec, status: JobStatus, now: number, startedAt: number): boolean {
  if (!job.run || !job.everyMs) return false;
  if (now - startedAt < (job.firstRunAfterMs ?? 0)) return false;
  if (job.scope === 'cluster') {
    // Once per period of the cluster's clock: due when this instance has not yet tried the current period.
    const period = Math.floor(now / job.everyMs);
    return status.lastRunAt === null || Math.floor(status.lastRunAt / job.everyMs) < period;
  }
  return status.lastRunAt === null || now - status.lastRunAt >= job.everyMs;
}

/** Runs what is due now (the scheduler's tick; tests call it with their clock). Resolves when they finished. */
export async function runDueJobs(now = state().clock()): Promise<string[]> {
  const s = state();
  const ran: string[] = [];
  await Promise.all(
    [...s.jobs.values()].map(async (job) => {
      const status = s.status.get(job.name)!;
      if (s.running.has(job.name) || !isDue(job, status, now, s.startedAt)) return;
      s.running.add(job.name);
      status.lastRunAt = now;
      try {
        if (job.scope === 'cluster' && s.claim && !(await s.claim(job, now))) return;
        await job.run!({ now });
        status.runs++;
        status.lastError = null;
        ran.push(job.name);
      } catch (error) {
        status.lastError = (error as Error)?.message ?? String(error);
        console.error(`[runtime] ${job.name} failed: ${status.lastError}`);
      } finally {
        s.running.delete(job.name);
      }
    }),
  );
  return ran;
}

/** Stops the timers, then lets every job flush what it holds (in reverse order of registration). */
export async function stopRuntime(): Promise<void> {
  const s = state();
  s.ticker?.stop();
  s.ticker = null;
  for (const job of [...s.jobs.values()].reverse()) {
    if (!job.stop) continue;
    try {
      await job.stop();
    } catch (error) {
      console.error(`[runtime] stopping ${job.name} failed: ${(error as Error)?.message ?? error}`);
    }
  }
  s.started = false;
}

export interface RuntimeStatus {
  started: boolean;
  startError: string | null;
  jobs: JobStatus[];
}

export function runtimeStatus(): RuntimeStatus {
  const s = state();
  return { started: s.started, startError: s.startError, jobs: [...s.status.values()].map((j) => ({ ...j })) };
}
