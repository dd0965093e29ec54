import { isWellFormedApiKey } from './key-format';
import { KeyStore, type KeyEntry, type OrganizationEntry } from './key-store';
import { LeaseBook } from './leases';
import { Meter } from './metering';
import { credentialPepper, pepperedHash } from './pepper';
import { PortalClient } from './portal-client';
import { SlidingWindowLimiter, type RateDecision } from './rate-limiter';
import { Syncer } from './sync';
import { statusOfCode, type VerificationCode, type VerifyContext, type VerifyResult } from './types';

export interface VerifierOptions {
  /** The portal's base URL, e.g. `https://portal.example.com`. */
  portalUrl: string;
  /** A verifier credential: a staff-issued key with the `keys:sync` scope. */
  credential: string;
  /** No change or heartbeat for this long and the copy is stale (default 2,000). */
  maxStalenessMs?: number;
  /** When stale: refuse every key (`fail-closed`, the default) or ask `POST /api/v1/keys/verify` (`online`; the credential then needs `keys:verify` too). */
  onStale?: 'fail-closed' | 'online';
  /** Post usage every this many ms (default 1,000) or whenever `flushEvery` usage rows (key × endpoint × method × status × minute) are waiting (default 1,000). */
  flushIntervalMs?: number;
  flushEvery?: number;
  /** Usage rows held while the portal is unreachable (default 100,000); beyond, requests are counted as dropped. */
  maxBufferedRows?: number;
  /** Flush usage and return leases on SIGTERM/SIGINT, then let the signal end the process (default true). */
  handleSignals?: boolean;
  /** Divide each key's rate limit by this many verifier processes (default 1: each process applies the whole limit). */
  rateLimitShare?: number;
  /** Units per first lease claim (default 100; the block doubles with each grant, up to 100,000: about half a second of one core's verifications). */
  leaseBlock?: number;
  fetch?: typeof fetch;
  clock?: () => number;
}

export interface VerifierStatus {
  /** The log position applied. */
  seq: number;
  /** The newest seq the portal announced. */
  latestSeq: number;
  lag: number;
  /** Ms since the last change or heartbeat. */
  stalenessMs: number;
  stale: boolean;
  mode: 'synced' | 'stale-fail-closed' | 'stale-online';
  keys: number;
  organizations: number;
  verifications: number;
  valid: number;
  invalid: number;
  byCode: Partial<Record<VerificationCode, number>>;
  reconnects: number;
  resets: number;
  reportedRequests: number;
  unreportedRequests: number;
  dropped: number;
  leasedUnitsHeld: number;
  lastError: string | null;
}

export interface Verifier {
  verify(rawKey: string | null | undefined, context?: VerifyContext): Promise<VerifyResult>;
  status(): VerifierStatus;
  /** Posts what is metered now (it happens every second anyway). */
  flush(): Promise<void>;
  /** Stops following the portal, posts the remaining usage and returns unspent quota units. */
  close(): Promise<void>;
}

/**
 * Loads the snapshot (resolves once the verifier can decide), then follows the change stream.
 * Throws when the portal refuses the credential or cannot be reached at start.
 */
export async function createVerifier(options: VerifierOptions): Promise<Verifier> {
  const clock = options.clock ?? Date.now;
  const maxStalenessMs = options.maxStalenessMs ?? 2_000;
  const onStale = options.onStale ?? 'fail-closed';
  const client = new PortalClient(options.portalUrl, options.credential, options.fetch ?? fetch);
  const store = new KeyStore();
  const syncer = new Syncer(client, store, clock);
  const meter = new Meter(client, {
    flushIntervalMs: options.flushIntervalMs ?? 1_000,
    flushEvery: options.flushEvery ?? 1_000,
    maxBufferedRows: options.maxBufferedRows ?? 100_000,
  });
  const leases = new LeaseBook(client, { initialBlock: options.leaseBlock ?? 100, maxBlock: 100_000, idleMs: 10_000 });
  const limiter = new SlidingWindowLimiter();
  const share = Math.max(1, options.rateLimitShare ?? 1);
  const pepper = credentialPepper(options.credential);
  const counts: Partial<Record<VerificationCode, number>> = {};
  let verifications = 0;
  let closed = false;

  await syncer.loadSnapshot();
  syncer.start();
  meter.start();
  const housekeeping = setInterval(() => {
    const now = clock();
    limiter.prune(now);
    void leases.settle(now).catch(() => {});
  }, 5_000);
  housekeeping.unref();

  const count = (code: VerificationCode) => {
    verifications++;
    counts[code] = (counts[code] ?? 0) + 1;
  };

  const isStale = (now: number) => syncer.credentialRevoked || now - syncer.lastEventAt > maxStalenessMs;

  async function online(rawKey: string, context: VerifyContext): Promise<VerifyResult> {
    try {
      const answer = await client.postJson<{ valid: boolean; code: VerificationCode; keyId?: string }>('/api/v1/keys/verify', {
        key: rawKey,
        scope: context.scope,
        ip: context.ip,
        endpoint: context.endpoint,
        method: context.method,
      });
      // Metered by the portal itself on this path.
      const entry = answer.keyId ? store.key(answer.keyId) : undefined;
      const organization = entry ? store.organization(entry.synced.organizationId) : undefined;
      if (answer.valid && entry && organization)
        return { valid: true, code: 'VALID', key: entry.answer, organization: organization.answer, rateLimit: { limit: 0, remaining: 0, reset: 0 } };
      return { valid: false, code: answer.valid ? 'STALE' : (answer.code as Exclude<VerificationCode, 'VALID'>) };
    } catch {
      return { valid: false, code: 'STALE' };
    }
  }

  function verify(rawKey: string | null | undefined, context: VerifyContext = {}): Promise<VerifyResult> {
    const started = performance.now();
    const now = clock();
    if (!rawKey || !isWellFormedApiKey(rawKey)) {
      count('NOT_FOUND');
      return Promise.resolve({ valid: false, code: 'NOT_FOUND' });
    }
    if (isStale(now)) {
      if (onStale === 'online' && !syncer.credentialRevoked) {
        return online(rawKey, context).then((result) => {
          count(result.code);
          return result;
        });
      }
      count('STALE');
      return Promise.resolve({ valid: false, code: 'STALE' });
    }
    const entry = store.byPepperedHash(pepperedHash(pepper, rawKey));
    if (entry === undefined) {
      count('NOT_FOUND');
      return Promise.resolve({ valid: false, code: 'NOT_FOUND' });
    }
    const key = entry.synced;
    const organization = store.organization(key.organizationId);
    const endpoint = context.endpoint ?? '/';
    const method = context.method === undefined ? 'GET' : context.method.toUpperCase();
    let refusal: Exclude<VerificationCode, 'VALID'> | null = null;
    if (key.revokedAt !== null && key.revokedAt <= now) refusal = 'REVOKED';
    else if (!key.isActive) refusal = 'DISABLED';
    else if (key.expiresAt !== null && key.expiresAt <= now) refusal = 'EXPIRED';
    else if (organization === undefined || organization.synced.status !== 'active') refusal = 'ORGANIZATION_INACTIVE';
    else if (entry.hasAllowlist && context.ip !== undefined && !entry.ipAllowed(context.ip)) refusal = 'IP_NOT_ALLOWED';
    else if (context.scope !== undefined && !entry.scopes.has(context.scope)) refusal = 'INSUFFICIENT_SCOPE';
    if (refusal !== null) {
      count(refusal);
      meter.record(key.id, endpoint, method, statusOfCode[refusal], false, performance.now() - started, now);
      return Promise.resolve({ valid: false, code: refusal, key: entry.answer, organization: organization?.answer });
    }
    const ceiling = organization!.synced.keyRateLimitPerMinute;
    const limit = Math.max(1, Math.floor((key.rateLimitPerMinute === null ? ceiling : Math.min(key.rateLimitPerMinute, ceiling)) / share));
    const rateLimit = limiter.consume(key.id, limit, now);
    if (!rateLimit.allowed) {
      count('RATE_LIMITED');
      meter.record(key.id, endpoint, method, 429, false, performance.now() - started, now);
      return Promise.resolve({ valid: false, code: 'RATE_LIMITED', key: entry.answer, organization: organization!.answer, rateLimit });
    }
    const spent = leases.spend(key, now);
    if (spent === true) return Promise.resolve(admitted(entry, organization!, rateLimit, endpoint, method, started, now));
    if (spent === false) return Promise.resolve(quotaRefused(entry, organization!, rateLimit, endpoint, method, started, now));
    return spent.then((ok) =>
      ok
        ? admitted(entry, organization!, rateLimit, endpoint, method, started, now)
        : quotaRefused(entry, organization!, rateLimit, endpoint, method, started, now),
    );
  }

  function admitted(
    entry: KeyEntry,
    organization: OrganizationEntry,
    rateLimit: RateDecision,
    endpoint: string,
    method: string,
    started: number,
    now: number,
  ): VerifyResult {
    count('VALID');
    meter.record(entry.synced.id, endpoint, method, 200, true, performance.now() - started, now);
    return { valid: true, code: 'VALID', key: entry.answer, organization: organization.answer, rateLimit };
  }

  function quotaRefused(
    entry: KeyEntry,
    organization: OrganizationEntry,
    rateLimit: RateDecision,
    endpoint: string,
    method: string,
    started: number,
    now: number,
  ): VerifyResult {
    count('QUOTA_EXCEEDED');
    meter.record(entry.synced.id, endpoint, method, 429, false, performance.now() - started, now);
    return { valid: false, code: 'QUOTA_EXCEEDED', key: entry.answer, organization: organization.answer, rateLimit };
  }

  const signalHandlers: [NodeJS.Signals, () => void][] = [];

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    for (const [signal, handler] of signalHandlers) process.removeListener(signal, handler);
    clearInterval(housekeeping);
    meter.stop();
    await syncer.stop();
    await Promise.all([meter.flushAll(5_000), leases.settle(clock(), true)]);
  }

  if (options.handleSignals ?? true) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const onSignal = () => {
        void close().finally(() => {
          // Ours was the only handler: end the process as the signal would have.
          if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
        });
      };
      process.once(signal, onSignal);
      signalHandlers.push([signal, onSignal]);
    }
  }

  return {
    verify,
    status() {
      const now = clock();
      const stale = isStale(now);
      const valid = counts.VALID ?? 0;
      return {
        seq: store.seq,
        latestSeq: Math.max(syncer.latestSeq, store.seq),
        lag: Math.max(0, syncer.latestSeq - store.seq),
        stalenessMs: now - syncer.lastEventAt,
        stale,
        mode: stale ? (onStale === 'online' && !syncer.credentialRevoked ? 'stale-online' : 'stale-fail-closed') : 'synced',
        keys: store.keyCount,
        organizations: store.organizationCount,
        verifications,
        valid,
        invalid: verifications - valid,
        byCode: { ...counts },
        reconnects: syncer.reconnects,
        resets: syncer.resets,
        reportedRequests: meter.reported,
        unreportedRequests: meter.unreported,
        dropped: meter.dropped,
        leasedUnitsHeld: leases.held,
        lastError: syncer.lastError ?? meter.lastError ?? leases.lastError,
      };
    },
    flush: () => meter.flush(),
    close,
  };
}
