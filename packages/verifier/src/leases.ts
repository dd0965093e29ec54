import type { PortalClient } from './portal-client';

type Counter = 'organization' | 'key';

interface Lease {
  counter: Counter;
  /** A key the portal knows the counter by (any key of the organization for `organization`). */
  keyId: string;
  month: string;
  left: number;
  /** Units per claim: doubles with each grant, up to the portal's maximum. */
  block: number;
  /** Units of the last grant: the next block is asked for when half of it is left. */
  lastGrant: number;
  claiming: Promise<void> | null;
  exhaustedUntil: number;
  lastUsed: number;
}

interface Grant {
  keyId: string;
  counter: Counter;
  month: string;
  granted: number;
  remaining: number;
}

/** What the book needs to know of a key. */
export interface QuotaKey {
  id: string;
  organizationId: string;
  monthlyQuota: number | null;
}

/** The UTC month of `now` as `YYYY-MM`; the last answer is kept, since verify asks on every request. */
let monthStart = 0;
let monthEnd = -1;
let monthLabel = '';
function monthOf(now: number): string {
  if (now >= monthStart && now < monthEnd) return monthLabel;
  const date = new Date(now);
  monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  monthEnd = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  monthLabel = date.toISOString().slice(0, 7);
  return monthLabel;
}

/**
 * Monthly quotas through leases, one per counter as the portal keeps them: the organization's (one lease
 * serves all its keys) and, for a key with a quota of its own, the key's. The portal grants a block of
 * units from a counter (never more than remains, whatever other verifiers and instances hold), the
 * verifier spends them without I/O (a request takes one unit of each counter that applies, or none), claims
 * the next block when half of the last one is left, and gives back what it did not spend after `idleMs`
 * and on close. Quotas stay exact: never over; under by at most the units other processes hold at the limit.
 */
export class LeaseBook {
  /** By counter, then by owner id (no key string built per request). */
  private readonly leases: Record<Counter, Map<string, Lease>> = { organization: new Map(), key: new Map() };
  private waiting = new Map<string, { keyId: string; counter: Counter; units: number }>();
  private batch: Promise<Map<string, Grant>> | null = null;
  granted = 0;
  returned = 0;
  lastError: string | null = null;

  constructor(
    private readonly client: PortalClient,
    private readonly options: { initialBlock: number; maxBlock: number; idleMs: number },
  ) {}

  /** True when the request's units were spent now; a promise when one has to be claimed first. */
  spend(key: QuotaKey, now: number): boolean | Promise<boolean> {
    const organization = this.lease('organization', key.organizationId, key.id, now);
    const own = key.monthlyQuota === null ? null : this.lease('key', key.id, key.id, now);
    if (organization.left > 0 && (own === null || own.left > 0)) {
      this.take(organization, now);
      if (own !== null) this.take(own, now);
      return true;
    }
    return this.spendAfterClaims(organization, own);
  }

  private take(lease: Lease, now: number): void {
    lease.left--;
    lease.lastUsed = now;
    // Ask for the next block when half of the last one is left, off the request path.
    if (lease.left <= lease.lastGrant >> 1 && lease.claiming === null && lease.exhaustedUntil <= now) void this.claim(lease);
  }

  /** Waits for units; others waiting may take a block's, so it asks again until the portal says none remain. */
  private async spendAfterClaims(organization: Lease, own: Lease | null): Promise<boolean> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const now = Date.now();
      // The key's own quota first: a request it refuses takes nothing from the organization's.
      const short = own !== null && own.left <= 0 ? own : organization.left <= 0 ? organization : null;
      if (short === null) {
        this.take(organization, now);
        if (own !== null) this.take(own, now);
        return true;
      }
      if (short.exhaustedUntil > now) return false;
      await this.claim(short);
    }
    return false;
  }

  private lease(counter: Counter, ownerId: string, keyId: string, now: number): Lease {
    const month = monthOf(now);
    const book = this.leases[counter];
    let lease = book.get(ownerId);
    if (lease === undefined || lease.month !== month) {
      lease = { counter, keyId, month, left: 0, block: this.options.initialBlock, lastGrant: 0, claiming: null, exhaustedUntil: 0, lastUsed: now };
      book.set(ownerId, lease);
    }
    return lease;
  }

  private claim(lease: Lease): Promise<void> {
    lease.claiming ??= this.request(lease)
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

  /** Claims of the same turn go in one request per 100 (the portal's bound), all sent at once. */
  private request(lease: Lease): Promise<Grant> {
    const id = `${lease.counter}:${lease.keyId}`;
    this.waiting.set(id, { keyId: lease.keyId, counter: lease.counter, units: lease.block });
    this.batch ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const request = [...this.waiting.values()];
      this.waiting.clear();
      this.batch = null;
      const chunks: (typeof request)[] = [];
      for (let i = 0; i < request.length; i += 100) chunks.push(request.slice(i, i + 100));
      const answers = await Promise.all(chunks.map((chunk) => this.client.postJson<{ grants: Grant[] }>('/api/v1/verifier/leases', { request: chunk })));
      return new Map(answers.flatMap((answer) => answer.grants).map((grant) => [`${grant.counter}:${grant.keyId}`, grant]));
    });
    return this.batch.then((grants) => grants.get(id) ?? { keyId: lease.keyId, counter: lease.counter, month: '', granted: 0, remaining: 0 });
  }

  /** Gives back the units of leases idle for `idleMs` (or all of them). */
  async settle(now: number, all = false): Promise<void> {
    const settle: { keyId: string; counter: Counter; month: string; units: number }[] = [];
    const emptied: [Lease, number][] = [];
    for (const lease of this.allLeases()) {
      if (lease.claiming || lease.left === 0) continue;
      if (!all && now - lease.lastUsed < this.options.idleMs) continue;
      settle.push({ keyId: lease.keyId, counter: lease.counter, month: lease.month, units: lease.left });
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

  private *allLeases(): IterableIterator<Lease> {
    yield* this.leases.organization.values();
    yield* this.leases.key.values();
  }

  get held(): number {
    let n = 0;
    for (const lease of this.allLeases()) n += lease.left;
    return n;
  }
}
