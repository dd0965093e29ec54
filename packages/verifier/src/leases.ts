import type { PortalClient } from './portal-client';

interface Lease {
  month: string;
  left: number;
  /** Units per claim: grows while units are spent fast, never above the portal's maximum. */
  block: number;
  /** Units of the last grant: the next block is asked for when half of it is left. */
  lastGrant: number;
  claiming: Promise<void> | null;
  exhaustedUntil: number;
  lastUsed: number;
}

interface Grant {
  keyId: string;
  month: string;
  granted: number;
  remaining: number;
}

const monthOf = (now: number) => new Date(now).toISOString().slice(0, 7);

/**
 * Monthly quotas through leases: the portal grants a block of units per key (never more than remains of
 * the key's and its organization's quota, whatever other verifiers and instances hold), the verifier
 * spends them without I/O, claims the next block before it runs out, and gives back what it did not
 * spend after `idleMs`, and on close. Quotas stay exact: never over; under by at most the units other
 * processes hold at the limit.
 */
export class LeaseBook {
  private readonly leases = new Map<string, Lease>();
  private waiting = new Map<string, number>();
  private batch: Promise<Map<string, Grant>> | null = null;
  granted = 0;
  returned = 0;
  lastError: string | null = null;

  constructor(
    private readonly client: PortalClient,
    private readonly options: { initialBlock: number; maxBlock: number; idleMs: number },
  ) {}

  /** True when a unit was spent now; a promise when one has to be claimed first. */
  spend(keyId: string, now: number): boolean | Promise<boolean> {
    const lease = this.lease(keyId, now);
    lease.lastUsed = now;
    if (lease.left > 0) {
      lease.left--;
      // Ask for the next block when half of one is left, off the request path.
      if (lease.left <= lease.lastGrant >> 1 && lease.claiming === null && lease.exhaustedUntil <= now) void this.claim(keyId, lease).catch(() => {});
      return true;
    }
    if (lease.exhaustedUntil > now) return false;
    return this.spendAfterClaim(keyId, lease);
  }

  /** Waits for units; others waiting may take this block's, so it asks again until the portal says none remain. */
  private async spendAfterClaim(keyId: string, lease: Lease): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.claim(keyId, lease);
      if (lease.left > 0) {
        lease.left--;
        return true;
      }
      if (lease.exhaustedUntil > Date.now()) return false;
    }
    return false;
  }

  private lease(keyId: string, now: number): Lease {
    const month = monthOf(now);
    let lease = this.leases.get(keyId);
    if (lease === undefined || lease.month !== month) {
      lease = { month, left: 0, block: this.options.initialBlock, lastGrant: 0, claiming: null, exhaustedUntil: 0, lastUsed: now };
      this.leases.set(keyId, lease);
    }
    return lease;
  }

  private claim(keyId: string, lease: Lease): Promise<void> {
    lease.claiming ??= this.request(keyId, lease.block)
      .then((grant) => {
        if (grant.month !== lease.month) return;
        lease.left += grant.granted;
        lease.lastGrant = grant.granted;
        this.granted += grant.granted;
        if (grant.granted === 0) lease.exhaustedUntil = Date.now() + 1_000;
        else lease.block = Math.min(this.options.maxBlock, lease.block * 2);
      })
      .catch((error: unknown) => {
        this.lastError = (error as Error)?.message ?? String(error);
        lease.exhaustedUntil = Date.now() + 250;
      })
      .finally(() => {
        lease.claiming = null;
      });
    return lease.claiming;
  }

  /** Claims of the same turn go in one request per 100 keys (the portal's bound). */
  private request(keyId: string, units: number): Promise<Grant> {
    this.waiting.set(keyId, Math.max(units, this.waiting.get(keyId) ?? 0));
    this.batch ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const request = [...this.waiting].map(([id, n]) => ({ keyId: id, units: n }));
      this.waiting.clear();
      this.batch = null;
      const chunks: { keyId: string; units: number }[][] = [];
      for (let i = 0; i < request.length; i += 100) chunks.push(request.slice(i, i + 100));
      const answers = await Promise.all(chunks.map((chunk) => this.client.postJson<{ grants: Grant[] }>('/api/v1/verifier/leases', { request: chunk })));
      return new Map(answers.flatMap((answer) => answer.grants).map((grant) => [grant.keyId, grant]));
    });
    return this.batch.then((grants) => grants.get(keyId) ?? { keyId, month: '', granted: 0, remaining: 0 });
  }

  /** Gives back the units of leases idle for `idleMs` (or all of them). */
  async settle(now: number, all = false): Promise<void> {
    const settle: { keyId: string; month: string; units: number }[] = [];
    const emptied: [Lease, number][] = [];
    for (const [keyId, lease] of this.leases) {
      if (lease.claiming || lease.left === 0) continue;
      if (!all && now - lease.lastUsed < this.options.idleMs) continue;
      settle.push({ keyId, month: lease.month, units: lease.left });
      emptied.push([lease, lease.left]);
      lease.left = 0;
      lease.block = this.options.initialBlock;
    }
    for (let i = 0; i < settle.length; i += 100) {
      try {
        await this.client.postJson('/api/v1/verifier/leases', { settle: settle.slice(i, i + 100) });
        this.returned += settle.slice(i, i + 100).reduce((n, s) => n + s.units, 0);
      } catch (error) {
        this.lastError = (error as Error)?.message ?? String(error);
        // Kept: spent later or returned at the next try (under, never over).
        for (const [lease, units] of emptied.slice(i, i + 100)) lease.left += units;
      }
    }
  }

  get held(): number {
    let n = 0;
    for (const lease of this.leases.values()) n += lease.left;
    return n;
  }
}
