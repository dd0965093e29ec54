import type { KeyStore } from './key-store';
import type { PortalClient } from './portal-client';
import { readSse } from './sse';
import type { Change, Snapshot } from './types';

/**
 * Keeps the key store in step with the portal: a snapshot, then the change stream from its seq; on a
 * dropped stream it reconnects from the last seq applied (`Last-Event-ID`), on `reset` it loads a
 * snapshot again. `lastEventAt` (a change or a heartbeat) is what staleness is measured from.
 */
export class Syncer {
  lastEventAt = 0;
  latestSeq = 0;
  reconnects = 0;
  resets = 0;
  /** The portal said the credential is no longer valid: stale for good. */
  credentialRevoked = false;
  lastError: string | null = null;
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;

  constructor(
    private readonly client: PortalClient,
    private readonly store: KeyStore,
    private readonly clock: () => number,
    private readonly retryMs = 500,
  ) {}

  async loadSnapshot(): Promise<void> {
    const snapshot = await this.client.getJson<Snapshot>('/api/v1/verifier/snapshot', this.abort.signal);
    this.store.load(snapshot);
    this.latestSeq = Math.max(this.latestSeq, snapshot.seq);
    this.lastEventAt = this.clock();
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.catch(() => {});
  }

  private async loop(): Promise<void> {
    let needSnapshot = false;
    while (!this.abort.signal.aborted && !this.credentialRevoked) {
      try {
        if (needSnapshot) {
          await this.loadSnapshot();
          needSnapshot = false;
        }
        needSnapshot = await this.follow();
      } catch (error) {
        if (this.abort.signal.aborted) return;
        this.lastError = (error as Error)?.message ?? String(error);
      }
      if (this.abort.signal.aborted || this.credentialRevoked) return;
      this.reconnects++;
      await new Promise((resolve) => setTimeout(resolve, needSnapshot ? 0 : this.retryMs));
    }
  }

  /** Follows the stream until it ends; true when the portal asked for a new snapshot. */
  private async follow(): Promise<boolean> {
    const response = await this.client.stream('/api/v1/verifier/changes', this.store.seq, this.abort.signal);
    if (response.status === 401 || response.status === 403) {
      this.credentialRevoked = true;
      this.lastError = `the portal refused the credential (${response.status})`;
      return false;
    }
    if (!response.ok || !response.body) throw new Error(`change stream answered ${response.status}`);
    for await (const message of readSse(response.body)) {
      this.lastEventAt = this.clock();
      if (message.event === 'change') {
        const change = JSON.parse(message.data) as Change;
        this.store.apply(change);
        if (change.seq > this.latestSeq) this.latestSeq = change.seq;
      } else if (message.event === 'heartbeat') {
        const beat = JSON.parse(message.data) as { seq: number; latest: number };
        if (beat.seq > this.store.seq) this.store.seq = beat.seq;
        this.latestSeq = Math.max(this.latestSeq, beat.latest);
      } else if (message.event === 'reset') {
        this.resets++;
        return true;
      } else if (message.event === 'revoked') {
        this.credentialRevoked = true;
        this.lastError = 'the portal says this verifier credential is no longer valid';
        return false;
      }
    }
    return false;
  }
}
