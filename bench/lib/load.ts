import { performance } from 'node:perf_hooks';
import autocannon, { type Result } from 'autocannon';
import { cpuSnapshot, cpuUse, type CpuUse } from './cpu';

export interface LoadRun {
  label: string;
  result: Result;
  /** Answers per whole second of the run, counted here (the last, partial second is left out). */
  perSecond: number[];
  /** The server's CPU use during the run, when `cpu` was given (Linux only). */
  cpu: CpuUse | null;
}

/** A fixed-concurrency autocannon run against one URL. */
export async function load(
  label: string,
  options: {
    url: string;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    seconds: number;
    connections: number;
    cpu?: { pid: number; core: number };
  },
): Promise<LoadRun> {
  const instance = autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    timeout: 10,
  });
  const buckets: number[] = [];
  let startedAt = 0;
  let before: ReturnType<typeof cpuSnapshot> = null;
  instance.on('start', () => {
    startedAt = performance.now();
    if (options.cpu) before = cpuSnapshot(options.cpu.pid, options.cpu.core);
  });
  instance.on('response', () => {
    const second = Math.floor((performance.now() - startedAt) / 1000);
    buckets[second] = (buckets[second] ?? 0) + 1;
  });
  const result = await instance;
  const cpu = options.cpu ? cpuUse(before, cpuSnapshot(options.cpu.pid, options.cpu.core)) : null;
  const whole = Math.floor(options.seconds);
  const perSecond = Array.from({ length: Math.min(whole, buckets.length) }, (_, i) => buckets[i] ?? 0);
  return { label, result, perSecond, cpu };
}

/** Answers that were not 2xx, plus errors and timeouts (none is acceptable in a throughput run). */
export const failures = (r: Result): number => r.non2xx + r.errors + r.timeouts;
