import 'server-only';
import { and, desc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import { db, type Queryable } from '@/db';
import { apiKeys, requestLogs } from '@/db/schema';
import { loadActor, type UserActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { narrowTenant, tenantOf, tenantScope, type Tenant } from '@/lib/auth/tenant';
import { UnauthenticatedError } from '@/lib/errors';
import { after, every } from '@/lib/runtime/timers';
import { liveRelay, toLiveEvent, type LiveEvent, type LiveReach, type LiveRelay } from './live-relay';
import { unflushedRecords } from './metering-buffer';

export { toLiveEvent, type LiveEvent, type LiveReach } from './live-relay';

/**
 * The live view's feed, from the process's live relay (live-relay.ts): every instance's requests when
 * `REDIS_URL` is set, else this process's only (`liveReach()`, which the page and the snapshot say).
 * Events are filtered by organization before they reach a subscriber (per-organization channels, and
 * checked again here), so a partner never receives another organization's requests, and each request
 * is delivered once (by request id).
 */
export const LIVE_RECENT_LIMIT = 50;
export const LIVE_WINDOW_SECONDS = 60;
const HEARTBEAT_MS = 15_000;
// How often an open stream re-checks that its session is still open and still allowed.
const RECHECK_MS = 5_000;
const TICK_MS = 500;
// Per tick: more than this many requests still count in `counts`, but only the latest are sent.
const EVENTS_PER_TICK = LIVE_RECENT_LIMIT;

export interface LiveScope {
  /** The organization whose traffic is streamed; null = every organization (staff only). */
  partnerId: string | null;
}

export interface LiveBatch {
  events: (LiveEvent & { keyPrefix?: string | null })[];
  /** Requests per second (epoch second → count) in this batch, including those not sent as events. */
  counts: Record<string, number>;
}

export interface LiveSnapshot {
  recent: (LiveEvent & { keyPrefix: string | null })[];
  /** Requests per second over the last minute, from the stored request logs. */
  counts: Record<string, number>;
  /** Whose requests the stream shows: this instance's only (no REDIS_URL), or every instance's. */
  reach: LiveReach;
}

/** Whether this process's live view sees every instance's requests (Redis) or its own only. */
export function liveReach(): LiveReach {
  return liveRelay().reach;
}

export const LIVE_INSTANCE_ONLY_NOTE = 'Showing this instance’s requests only: set REDIS_URL to see every instance.';

/**
 * The same policy as the REST pages: signed out → 401; a partner user streams their own organization
 * (naming another is a 404); staff choose one organization or all.
 */
export function resolveLiveScope(actor: UserActor | null, partner?: string | null): LiveScope {
  if (!actor) throw new UnauthenticatedError();
  return liveScope(tenantOf(actor), partner);
}

/** The tenant's live scope, narrowed to one organization by the `partner` parameter (staff: any; a partner user: their own). */
export function liveScope(tenant: Tenant, partner?: string | null): LiveScope {
  return { partnerId: tenantScope(narrowTenant(tenant, partner), 'usage.read') };
}

/** Whether the user may still watch the scope: read fresh, so a disabled account, a removed membership or a new role ends the stream. */
export async function liveStillAllowed(userId: string, scope: LiveScope): Promise<boolean> {
  const fresh = await loadActor(db, userId);
  return Boolean(fresh && can(fresh, 'usage.read', { partnerId: scope.partnerId }) && (fresh.staffRole || fresh.membership?.partnerId === scope.partnerId));
}

export function isInScope(scope: LiveScope, record: { partnerId: string }): boolean {
  return scope.partnerId === null || record.partnerId === scope.partnerId;
}

/**
 * Subscribes to the requests of the scope, delivered in batches every `tickMs` (never per request: the
 * relay's listener runs on the request path and only filters and queues). A request already delivered
 * (by id) is never delivered again. Returns the unsubscribe function, with `ready` (resolves once the
 * subscription is in place: at once without Redis).
 */
export function subscribeLive(
  scope: LiveScope,
  deliver: (batch: LiveBatch) => void,
  options: { tickMs?: number; relay?: LiveRelay } = {},
): (() => void) & { ready: Promise<void> } {
  let events: LiveEvent[] = [];
  let counts: Record<string, number> = {};
  // Request ids delivered lately: a request that arrives twice (a retried publish) is shown once.
  let seen = new Set<string>();
  let previous = new Set<string>();
  const subscription = (options.relay ?? liveRelay()).subscribe(scope.partnerId, (feed) => {
    let fresh = 0;
    for (const event of feed.events) {
      if (!isInScope(scope, event) || seen.has(event.requestId) || previous.has(event.requestId)) continue;
      seen.add(event.requestId);
      fresh++;
      events.push(event);
    }
    if (seen.size > 5_000) [previous, seen] = [seen, new Set()];
    if (events.length > EVENTS_PER_TICK * 2) events = events.slice(-EVENTS_PER_TICK);
    if (fresh === 0 && feed.events.length > 0) return; // a repeat of what was delivered: counted already
    for (const [second, n] of Object.entries(feed.counts)) counts[second] = (counts[second] ?? 0) + n;
  });
  const timer = every(
    options.tickMs ?? TICK_MS,
    () => {
      if (!events.length && !Object.keys(counts).length) return;
      const batch = { events: events.slice(-EVENTS_PER_TICK), counts };
      events = [];
      counts = {};
      deliver(batch);
    },
    { name: 'live traffic tick' },
  );
  return Object.assign(
    () => {
      timer.stop();
      subscription.stop();
    },
    { ready: subscription.ready },
  );
}

/** The latest requests and the last minute's per-second counts of the scope, from the database. */
export async function loadLiveSnapshot(db: Queryable, scope: LiveScope, now = Date.now()): Promise<LiveSnapshot> {
  const inScope: SQL | undefined = scope.partnerId ? eq(requestLogs.partnerId, scope.partnerId) : undefined;
  const since = new Date(now - LIVE_WINDOW_SECONDS * 1000);
  const [recent, perSecond] = await Promise.all([
    db
      .select({
        requestId: requestLogs.id,
        partnerId: requestLogs.partnerId,
        apiKeyId: requestLogs.apiKeyId,
        keyPrefix: apiKeys.tokenPrefix,
        method: requestLogs.method,
        path: requestLogs.path,
        endpoint: requestLogs.endpoint,
        statusCode: requestLogs.statusCode,
        latencyMs: requestLogs.latencyMs,
        ip: requestLogs.ip,
        occurredAt: requestLogs.occurredAt,
      })
      .from(requestLogs)
      .leftJoin(apiKeys, eq(apiKeys.id, requestLogs.apiKeyId))
      .where(inScope)
      .orderBy(desc(requestLogs.occurredAt), desc(requestLogs.id))
      .limit(LIVE_RECENT_LIMIT),
    db
      .select({ second: sql<string>`floor(extract(epoch from ${requestLogs.occurredAt}))::bigint`, n: sql<string>`count(*)` })
      .from(requestLogs)
      .where(and(inScope, gte(requestLogs.occurredAt, since)))
      .groupBy(sql`1`),
  ]);
  const counts: Record<string, number> = Object.fromEntries(perSecond.map((r) => [String(r.second), Number(r.n)]));
  // Requests still in the metering buffer (written within a second) are not in the table yet.
  const stored = new Set(recent.map((r) => r.requestId));
  const buffered = unflushedRecords().filter((r) => isInScope(scope, r) && !stored.has(r.requestId));
  for (const r of buffered) {
    if (r.occurredAt < since.getTime()) continue;
    const second = String(Math.floor(r.occurredAt / 1000));
    counts[second] = (counts[second] ?? 0) + 1;
  }
  const merged = [
    ...buffered.slice(-LIVE_RECENT_LIMIT).map((r) => ({ ...toLiveEvent(r), keyPrefix: null })),
    ...recent.map((r) => ({ ...r, occurredAt: r.occurredAt.getTime() })),
  ]
    .sort((a, b) => b.occurredAt - a.occurredAt)
    .slice(0, LIVE_RECENT_LIMIT);
  return { recent: merged, counts, reach: liveReach() };
}

const encoder = new TextEncoder();
const sse = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

export interface LiveStreamOptions {
  signal?: AbortSignal;
  heartbeatMs?: number;
  tickMs?: number;
  /** How often `stillAllowed` runs (default 5 s). */
  recheckMs?: number;
  /** Runs every `recheckMs`: false (the session ended, the role changed) closes the stream. */
  stillAllowed?: () => Promise<boolean>;
  /** Where the requests come from (default: this process's relay; tests play other instances). */
  relay?: LiveRelay;
}

/**
 * The Server-Sent Events body: a `snapshot` event, then `requests` batches, and a comment every 15 s
 * so that proxies keep the connection open. Everything is released when the client goes away.
 */
export function createLiveStream(scope: LiveScope, options: LiveStreamOptions = {}): ReadableStream<Uint8Array> {
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (chunk: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(chunk);
        } catch {
          cleanup();
        }
      };
      // Subscribed before the snapshot is read, so nothing falls between the two; the page drops duplicates by request id.
      // Key prefixes (what the portal shows) are looked up once per key and stream, off the request path.
      const prefixes = new Map<string, string | null>();
      const withPrefixes = async (batch: LiveBatch): Promise<LiveBatch> => {
        const missing = [...new Set(batch.events.map((e) => e.apiKeyId))].filter((id) => !prefixes.has(id));
        if (missing.length) {
          const rows = await db.select({ id: apiKeys.id, prefix: apiKeys.tokenPrefix }).from(apiKeys).where(inArray(apiKeys.id, missing));
          for (const id of missing) prefixes.set(id, rows.find((r) => r.id === id)?.prefix ?? null);
        }
        return { ...batch, events: batch.events.map((e) => ({ ...e, keyPrefix: prefixes.get(e.apiKeyId) ?? null })) };
      };
      const unsubscribe = subscribeLive(
        scope,
        (batch) => {
          withPrefixes(batch).then(
            (b) => send(sse('requests', b)),
            () => send(sse('requests', batch)),
          );
        },
        { tickMs: options.tickMs, relay: options.relay },
      );
      const heartbeat = every(options.heartbeatMs ?? HEARTBEAT_MS, () => send(encoder.encode(': heartbeat\n\n')), { name: 'live heartbeat' });
      // A signed-out, revoked or disabled session (or a lost permission) ends the stream within seconds.
      const stillAllowed = options.stillAllowed;
      const recheck = stillAllowed
        ? every(
            options.recheckMs ?? RECHECK_MS,
            () =>
              stillAllowed().then(
                (allowed) => {
                  if (!allowed) cleanup();
                },
                () => {},
              ),
            { name: 'live session re-check' },
          )
        : undefined;
      cleanup = () => {
        if (closed) return;
        closed = true;
        heartbeat.stop();
        recheck?.stop();
        unsubscribe();
        options.signal?.removeEventListener('abort', cleanup);
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      if (options.signal?.aborted) return cleanup();
      options.signal?.addEventListener('abort', cleanup);
      send(encoder.encode('retry: 3000\n\n'));
      // With Redis, the subscription is in place before the snapshot is read (or a second has passed).
      await new Promise<void>((resolve) => {
        const timeout = after(1_000, resolve);
        void unsubscribe.ready.then(() => {
          timeout.stop();
          resolve();
        });
      });
      try {
        send(sse('snapshot', { ...(await loadLiveSnapshot(db, scope)), reach: (options.relay ?? liveRelay()).reach }));
      } catch (error) {
        console.error('[live] could not load the snapshot', error);
        send(sse('snapshot', { recent: [], counts: {}, reach: liveReach() } satisfies LiveSnapshot));
      }
    },
    cancel() {
      cleanup();
    },
  });
}
