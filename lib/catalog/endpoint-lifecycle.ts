import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { getDatabase, type Queryable, type Transaction } from '@/db';
import { apis, endpoints, type EndpointStatus } from '@/db/schema';
import type { AfterCommit } from '@/db/with-transaction';
import { defineInvalidationChannel } from '@/lib/cache/invalidation-bus';
import { processState } from '@/lib/runtime/process-state';
import { endpointKey, PORTAL_API } from './portal-api';

export interface EndpointLifecycle {
  status: Exclude<EndpointStatus, 'active'>;
  deprecatedAt: number | null;
  sunsetAt: number | null;
}

/**
 * The deprecated and retired endpoints of `/api/v1`, held in memory so that the guard reads them
 * without a query. A catalog change is announced on the invalidation bus in its transaction
 * (`announceCatalogChange`): this instance reloads after the commit, every other one when the
 * notification arrives (within about a second). `SAFETY_TTL_MS` only bounds a missed notification.
 */
const SAFETY_TTL_MS = 60_000;

interface LifecycleState {
  byEndpoint: Map<string, EndpointLifecycle>;
  loadedAt: number;
  loading: Promise<void> | null;
  /** Bumped by every invalidation: a load that started before one must not be kept. */
  generation: number;
}
const state = () => processState<LifecycleState>('endpoint-lifecycle', () => ({ byEndpoint: new Map(), loadedAt: 0, loading: null, generation: 0 }));

export async function loadEndpointLifecycles(db: Queryable): Promise<Map<string, EndpointLifecycle>> {
  const rows = await db
    .select({ method: endpoints.method, path: endpoints.path, status: endpoints.status, deprecatedAt: endpoints.deprecatedAt, sunsetAt: endpoints.sunsetAt })
    .from(endpoints)
    .innerJoin(apis, eq(apis.id, endpoints.apiId))
    .where(and(eq(apis.slug, PORTAL_API.slug), eq(apis.version, PORTAL_API.version), ne(endpoints.status, 'active')));
  const map = new Map<string, EndpointLifecycle>();
  for (const row of rows) {
    if (row.status === 'active') continue;
    map.set(endpointKey(row.method, row.path), {
      status: row.status,
      deprecatedAt: row.deprecatedAt?.getTime() ?? null,
      sunsetAt: row.sunsetAt?.getTime() ?? null,
    });
  }
  return map;
}

/** Reloads now (after a catalog change, and in tests); resolves when the newest reload is in. */
export function refreshEndpointLifecycles(db: Queryable = getDatabase().db): Promise<void> {
  const s = state();
  const generation = ++s.generation;
  const loading = loadEndpointLifecycles(db)
    .then((map) => {
      if (generation !== s.generation) return;
      s.byEndpoint = map;
      s.loadedAt = Date.now();
    })
    .catch((error: unknown) => {
      // Keep serving with what we had; try again on a later request (in a few seconds).
      if (generation === s.generation) s.loadedAt = Date.now() - SAFETY_TTL_MS + 5_000;
      console.error('[catalog] could not load endpoint lifecycles:', (error as Error).message);
    })
    .finally(() => {
      if (s.loading === loading) s.loading = null;
    });
  s.loading = loading;
  return loading;
}

/** A change committed here or announced by another instance: reload (the old map serves until then). */
function invalidateEndpointLifecycles(): void {
  // Never loaded in this process: the first request loads it anyway.
  if (state().loadedAt === 0 && !state().loading) return;
  void refreshEndpointLifecycles();
}

const catalogChannel = defineInvalidationChannel<{ apiId?: string }>('pp_catalog_invalidation', {
  apply: invalidateEndpointLifecycles,
  missed: invalidateEndpointLifecycles,
});

export const CATALOG_INVALIDATION_CHANNEL = catalogChannel.name;

/** In the transaction of a catalog change: every instance reloads the lifecycles once it commits. */
export function announceCatalogChange(tx: Transaction, afterCommit: AfterCommit, change: { apiId?: string } = {}): Promise<void> {
  return catalogChannel.announce(tx, afterCommit, change);
}

/**
 * The lifecycle of one `/api/v1` endpoint, or undefined when it is active. Synchronous once loaded;
 * the first request of a process waits for the first load. `now`: the guard's clock reading for the request.
 */
export function endpointLifecycle(key: string, now = Date.now()): EndpointLifecycle | undefined | Promise<EndpointLifecycle | undefined> {
  const s = state();
  if (s.loadedAt === 0) return (s.loading ?? refreshEndpointLifecycles()).then(() => s.byEndpoint.get(key));
  if (now - s.loadedAt > SAFETY_TTL_MS && !s.loading) void refreshEndpointLifecycles();
  return s.byEndpoint.get(key);
}

/** Resolves once this process has loaded the lifecycles at least once. */
export async function ensureEndpointLifecyclesLoaded(): Promise<void> {
  const s = state();
  if (s.loadedAt === 0) await (s.loading ?? refreshEndpointLifecycles());
}

/** `Deprecation` (RFC 9745) and `Sunset` (RFC 8594) headers of a deprecated endpoint. */
export function deprecationHeaders(lifecycle: EndpointLifecycle): Record<string, string> {
  const headers: Record<string, string> = {
    deprecation: lifecycle.deprecatedAt === null ? '@0' : `@${Math.floor(lifecycle.deprecatedAt / 1000)}`,
    link: '</docs/v1/changelog>; rel="deprecation"; type="text/html"',
  };
  if (lifecycle.sunsetAt !== null) headers.sunset = new Date(lifecycle.sunsetAt).toUTCString();
  return headers;
}
