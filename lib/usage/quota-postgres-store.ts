import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db';
import { quotaCounters, usageLogs } from '@/db/schema';
import {
  admitted,
  bufferedUsage,
  ledgerFilter,
  refused,
  type MonthWindow,
  type QuotaDecision,
  type QuotaRequest,
  type QuotaScope,
  type QuotaStore,
} from './quota-store';

/**
 * Quotas exact across instances on one database, without Redis: one row per counter and month in
 * `quota_counters`, claimed from by an atomic `UPDATE … WHERE used < limit` (the row lock orders
 * concurrent claims; each re-reads the row it updates). A claim is a **lease** of a block of units held
 * in this process's memory: far from the limit a request spends one unit of the lease without any I/O
 * (the hot path: two Map lookups and two decrements); a block is 1/64 of what remains (at most 1,000), so
 * near the limit a claim is of exactly the requests waiting for it, one unit each. A claim never grants
 * more than remains, so the instances together never admit more than the limit. Units leased and not
 * spent are returned after 10 s idle, on shutdown, and when Redis takes over again (`returnIdle`); until
 * then they may refuse another instance's request near the limit (an under-admission of at most
 * remaining/64 per instance, never an over-admission).
 *
 * Far from the limit the next block is claimed ahead, when a quarter of the last one is left: otherwise
 * every request arriving while the lease is refilled (all of a busy instance's connections) waits for
 * the round trip, once per block. Near the limit (blocks under PREFETCH_MIN_BLOCK) claims stay on demand
 * and exact-sized, as above.
 */
const DIVISOR = 64;
const MAX_BLOCK = 1_000;
const IDLE_MS = 10_000;
/** After a claim found the counter at its limit, refuse without asking for this long (others may return units). */
const EXHAUSTED_RECHECK_MS = 1_000;
/** Blocks smaller than this (within 64 × this of the limit) are not claimed ahead. */
const PREFETCH_MIN_BLOCK = 16;

interface Lease {
  scope: QuotaScope;
  ownerId: string;
  month: MonthWindow;
  /** Units claimed and not yet spent. */
  left: number;
  /** The row's count after our last claim (for the `used` of a decision). */
  counted: number;
  seeded: number;
  /** Requests in the slow path waiting for units of this lease: the size of a claim near the limit. */
  demand: number;
  /** Units of the last claim: the next is claimed ahead when a quarter of it is left (0: not ahead). */
  lastGrant: number;
  claiming: Promise<void> | null;
  exhaustedAt: number;
  exhaustedLimit: number;
  /** Spent from since `returnIdle` last looked (so no clock reading on the hot path). */
  touched: boolean;
  idleSince: number;
}

type Rows<T> = T[] | { rows: T[] };
const rowsOf = <T>(result: Rows<T>): T[] => (Array.isArray(result) ? result : result.rows);

export class PostgresQuotaStore implements QuotaStore {
  private readonly keys = new Map<string, Lease>();
  private readonly organizations = new Map<string, Lease>();
  /** Bumped by `reseed`: each counter is raised to the ledger again before its next claim. */
  private generation = 1;

  constructor(
    private readonly db: () => Queryable,
    private readonly clock: () => number = Date.now,
  ) {}

  consume(request: QuotaRequest): QuotaDecision | Promise<QuotaDecision> {
    const organization = this.lease(this.organizations, 'organization', request.organizationId, request.month);
    const key = request.keyLimit === null ? null : this.lease(this.keys, 'key', request.keyId, request.month);
    if ((key === null || key.left > 0) && organization.left > 0) return this.spend(request, key, organization);
    return this.slow(request, key, organization);
  }

  private lease(map: Map<string, Lease>, scope: QuotaScope, ownerId: string, month: MonthWindow): Lease {
    let lease = map.get(ownerId);
    if (lease === undefined || lease.month.key !== month.key) {
      // A new month starts from nothing held (last month's units are of no use to anyone).
      lease = {
        scope,
        ownerId,
        month,
        left: 0,
        counted: 0,
        seeded: 0,
        demand: 0,
        lastGrant: 0,
        claiming: null,
        exhaustedAt: 0,
        exhaustedLimit: 0,
        touched: false,
        idleSince: 0,
      };
      map.set(ownerId, lease);
    }
    return lease;
  }

  private spend(request: QuotaRequest, key: Lease | null, organization: Lease): QuotaDecision {
    organization.left--;
    organization.touched = true;
    if (organization.left * 4 < organization.lastGrant) this.claimAhead(organization, request.organizationLimit);
    if (key !== null) {
      key.left--;
      key.touched = true;
      if (key.left * 4 < key.lastGrant) this.claimAhead(key, request.keyLimit!);
    }
    return admitted(request, key === null ? null : key.counted - key.left, organization.counted - organization.left);
  }

  private async slow(request: QuotaRequest, key: Lease | null, organization: Lease): Promise<QuotaDecision> {
    if (key !== null) key.demand++;
    organization.demand++;
    try {
      for (;;) {
        // The key's own quota first: a request it refuses takes nothing from the organization's.
        if (key !== null && key.left <= 0) {
          if (this.exhausted(key, request.keyLimit!)) return refused(request, 'key', key.counted);
          await this.claim(key, request.keyLimit!);
          continue;
        }
        if (organization.left <= 0) {
          if (this.exhausted(organization, request.organizationLimit)) return refused(request, 'organization', organization.counted);
          await this.claim(organization, request.organizationLimit);
          continue;
        }
        return this.spend(request, key, organization);
      }
    } finally {
      if (key !== null) key.demand--;
      organization.demand--;
    }
  }

  private exhausted(lease: Lease, limit: number): boolean {
    return lease.exhaustedAt !== 0 && lease.exhaustedLimit === limit && this.clock() - lease.exhaustedAt < EXHAUSTED_RECHECK_MS;
  }

  /** The next block before this one runs out (see above); a failure is the next on-demand claim's to report. */
  private claimAhead(lease: Lease, limit: number): void {
    if (lease.claiming !== null) return;
    lease.lastGrant = 0; // one claim ahead per block
    this.claim(lease, limit).catch(() => {});
  }

  /** One claim in flight per lease; requests that need units meanwhile wait for it, then look again. */
  private claim(lease: Lease, limit: number): Promise<void> {
    lease.claiming ??= this.claimOnce(lease, limit).finally(() => {
      lease.claiming = null;
    });
    return lease.claiming;
  }

  private async claimOnce(lease: Lease, limit: number): Promise<void> {
    const db = this.db();
    if (lease.seeded !== this.generation) {
      await this.seed(db, lease);
      lease.seeded = this.generation;
    }
    // Let the requests arriving in the same turn join this claim (near the limit it is sized by them).
    await new Promise((resolve) => setImmediate(resolve));
    const want = Math.max(1, lease.demand);
    const result = (await db.execute(sql`
      with current as (
        select used from ${quotaCounters}
        where scope = ${lease.scope} and owner_id = ${lease.ownerId} and month = ${lease.month.key}
        for update
      ), grant_ as (
        select least(${limit}::bigint - used, greatest(${want}::bigint, least(${MAX_BLOCK}::bigint, (${limit}::bigint - used) / ${DIVISOR}))) as n
        from current where used < ${limit}::bigint
      )
      update ${quotaCounters} q set used = q.used + grant_.n, updated_at = now()
      from grant_
      where q.scope = ${lease.scope} and q.owner_id = ${lease.ownerId} and q.month = ${lease.month.key}
      returning q.used::text as used, grant_.n::text as granted
    `)) as unknown as Rows<{ used: string; granted: string }>;
    const [row] = rowsOf(result);
    if (!row || Number(row.granted) <= 0) {
      lease.exhaustedAt = this.clock();
      lease.exhaustedLimit = limit;
      if (!row) lease.counted = Math.max(lease.counted, limit);
      return;
    }
    lease.exhaustedAt = 0;
    const granted = Number(row.granted);
    lease.left += granted;
    lease.counted = Number(row.used);
    lease.lastGrant = granted >= PREFETCH_MIN_BLOCK ? granted : 0;
  }

  /**
   * The row of the month, made on first use from the ledger (billable `usage_logs` of the month plus this
   * instance's metering buffer), or raised to it: an existing row counts at least what was spent, so
   * `greatest` only matters for a row left behind while Redis held the count.
   */
  private async seed(db: Queryable, lease: Lease): Promise<void> {
    await seedQuotaCounter(db, lease.scope, lease.ownerId, lease.month);
  }

  /** The counters may have moved elsewhere (Redis held them): raise each to the ledger before its next claim. */
  reseed(): void {
    this.generation++;
  }

  /**
   * Gives back units leased and not spent: of leases idle for 10 s, or all of them (`all`: shutdown, or
   * Redis took over). Each lease is emptied before its units are returned, so none is spent twice.
   */
  async returnIdle(options: { all?: boolean } = {}): Promise<number> {
    const now = this.clock();
    const returns: Promise<unknown>[] = [];
    let returned = 0;
    for (const map of [this.keys, this.organizations]) {
      for (const [id, lease] of map) {
        if (lease.touched || lease.idleSince === 0) {
          // Spent since the last look: idle from now.
          lease.touched = false;
          lease.idleSince = now;
          if (!options.all) continue;
        }
        const idleSince = lease.idleSince;
        if (!options.all && now - idleSince < IDLE_MS) continue;
        if (lease.claiming) continue;
        if (lease.left > 0) {
          const units = lease.left;
          lease.left = 0;
          returned += units;
          returns.push(
            this.db()
              .update(quotaCounters)
              .set({ used: sql`greatest(0, ${quotaCounters.used} - ${units}::bigint)`, updatedAt: new Date() })
              .where(and(eq(quotaCounters.scope, lease.scope), eq(quotaCounters.ownerId, lease.ownerId), eq(quotaCounters.month, lease.month.key))),
          );
        } else if (now - idleSince > 3_600_000) {
          map.delete(id); // forgotten after an idle hour
        }
      }
    }
    await Promise.all(returns);
    return returned;
  }
}

/**
 * The counter row of the month, made on first use from the ledger (billable `usage_logs` of the month plus
 * this instance's metering buffer), or raised to it: an existing row counts at least what was spent, so
 * `greatest` only matters for a row left behind while Redis held the count. Also used by the verifiers'
 * leases (lib/verifier/verifier-leases.ts), which claim from the same rows.
 */
export async function seedQuotaCounter(db: Queryable, scope: QuotaScope, ownerId: string, month: MonthWindow): Promise<void> {
  const buffered = bufferedUsage(scope, ownerId, month);
  await db
    .insert(quotaCounters)
    .values({
      scope,
      ownerId,
      month: month.key,
      used: sql`(select coalesce(sum(${usageLogs.billableCount}), 0) from ${usageLogs} where ${ledgerFilter(scope, ownerId, month)}) + ${buffered}::bigint`,
    })
    .onConflictDoUpdate({
      target: [quotaCounters.scope, quotaCounters.ownerId, quotaCounters.month],
      set: { used: sql`greatest(${quotaCounters.used}, excluded.used)`, updatedAt: new Date() },
    });
}
