import { randomBytes } from 'node:crypto';
import type { PortalClient } from './portal-client';

/** The portal's latency buckets (db/schema/usage.ts LATENCY_BUCKETS_MS), then one for slower. */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] as const;

interface UsageRow {
  keyId: string;
  endpoint: string;
  method: string;
  status: number;
  minute: number;
  count: number;
  billable: number;
  latencySumMs: number;
  latencyMaxMs: number;
  buckets: number[];
}

interface Batch {
  batchId: string;
  records: UsageRow[];
  requests: number;
}

function bucketOf(latencyMs: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (latencyMs <= LATENCY_BUCKETS_MS[i]!) return i;
  return LATENCY_BUCKETS_MS.length;
}

/**
 * Metering back, exactly once: each verified request is added to an in-memory row (key, endpoint, method,
 * status, minute, with the latency histogram the portal keeps), and the rows are posted every second or
 * every 1,000 rows as a batch with an id. A batch that fails is retried with the same id, which the
 * portal counts once. While the portal is unreachable, rows wait up to `maxBufferedRows`; beyond that,
 * requests are counted in `dropped` (and never silently).
 */
export class Meter {
  private rows = new Map<string, UsageRow>();
  private readonly queue: Batch[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  dropped = 0;
  reported = 0;
  batchesSent = 0;
  lastError: string | null = null;

  constructor(
    private readonly client: PortalClient,
    private readonly options: { flushIntervalMs: number; flushEvery: number; maxBufferedRows: number },
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush().catch(() => {}), this.options.flushIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private bufferedRows(): number {
    let n = this.rows.size;
    for (const batch of this.queue) n += batch.records.length;
    return n;
  }

  record(keyId: string, endpoint: string, method: string, status: number, billable: boolean, latencyMs: number, now: number): void {
    const minute = now - (now % 60_000);
    const id = `${keyId}\u0000${endpoint}\u0000${method}\u0000${status}\u0000${minute}`;
    let row = this.rows.get(id);
    if (row === undefined) {
      if (this.bufferedRows() >= this.options.maxBufferedRows) {
        this.dropped++;
        return;
      }
      row = {
        keyId,
        endpoint,
        method,
        status,
        minute,
        count: 0,
        billable: 0,
        latencySumMs: 0,
        latencyMaxMs: 0,
        buckets: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0),
      };
      this.rows.set(id, row);
    }
    row.count++;
    if (billable) row.billable++;
    row.latencySumMs += latencyMs;
    if (latencyMs > row.latencyMaxMs) row.latencyMaxMs = latencyMs;
    row.buckets[bucketOf(latencyMs)]!++;
    // A batch is cut at `flushEvery` rows (records), not requests: at 200,000 verifications/s over a few keys
    // the rows stay few, and a post per 1,000 requests would cost more than the verifications themselves.
    // (After the row is counted: the flush cuts the batch synchronously.)
    if (this.rows.size >= this.options.flushEvery) void this.flush().catch(() => {});
  }

  /** Requests recorded and not yet acknowledged by the portal. */
  get unreported(): number {
    let n = 0;
    for (const row of this.rows.values()) n += row.count;
    for (const batch of this.queue) n += batch.requests;
    return n;
  }

  get queuedBatches(): number {
    return this.queue.length;
  }

  /** Cuts a batch of what is recorded and posts every waiting batch, oldest first. Concurrent calls share one. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private cut(): void {
    if (this.rows.size === 0) return;
    const records = [...this.rows.values()];
    this.rows = new Map();
    // At most 5,000 rows per batch (the portal's bound).
    for (let i = 0; i < records.length; i += 5_000) {
      const part = records.slice(i, i + 5_000);
      this.queue.push({ batchId: `vb_${randomBytes(16).toString('base64url')}`, records: part, requests: part.reduce((n, r) => n + r.count, 0) });
    }
  }

  private async drain(): Promise<void> {
    this.cut();
    while (this.queue.length) {
      const batch = this.queue[0]!;
      try {
        await this.client.postJson('/api/v1/verifier/usage', { batchId: batch.batchId, records: batch.records });
        this.queue.shift();
        this.reported += batch.requests;
        this.batchesSent++;
        this.lastError = null;
      } catch (error) {
        this.lastError = (error as Error)?.message ?? String(error);
        return; // kept, retried with the same id at the next flush
      }
    }
  }

  /** Until everything is reported, or `timeoutMs` passes (shutdown). */
  async flushAll(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.flush();
      if (this.queue.length === 0 && this.rows.size === 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
