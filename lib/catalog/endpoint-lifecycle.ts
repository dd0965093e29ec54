import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { getDatabase, type Queryable } from '@/db';
import { apis, endpoints, type EndpointStatus } from '@/db/schema';
import { endpointKey, PORTAL_API } from './portal-api';

export interface EndpointLifecycle {
  status: Exclude<EndpointStatus, 'active'>;
  deprecatedAt: number | null;
  sunsetAt: number | null;
}

/**
 * The deprecated and retired endpoints of `/api/v1`, held in memory so that the guard reads them
 * without a query. A change made here applies at once; one made by another instance within
 * `REFRESH_MS` (the same bound as the quota resync).
 */
const REFRESH_MS = 10_000;

interface LifecycleState {
  byEndpoint: Map<string, EndpointLifecycle>;
  loadedAt: number;
  loading: Promise<void> | null;
}
const holder = globalThis as typeof globalThis & { __partnerPortalEndpointLifecycle?: LifecycleState };
const state = (): LifecycleState => (holder.__partnerPortalEndpointLifecycle ??= { byEndpoint: new Map(), loadedAt: 0, loading: null });

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

/** Reloads now (after a catalog change in this process, and in tests). */
export function refreshEndpointLifecycles(db: Queryable = getDatabase().db): Promise<void> {
  const s = state();
  const loading = loadEndpointLifecycles(db)
    .then((map) => {
      s.byEndpoint = map;
      s.loadedAt = Date.now();
    })
    .catch((error: unknown) => {
      // Keep serving with what we had; try again on a later request.
      s.loadedAt = Date.now() - REFRESH_MS / 2;
      console.error('[catalog] could not load endpoint lifecycles:', (error as Error).message);
    })
    .finally(() => {
      if (s.loading === loading) s.loading = null;
    });
  s.loading = loading;
  return loading;
}

/**
 * The lifecycle of one `/api/v1` endpoint, or undefined when it is active. Synchronous once loaded;
 * the first request of a process waits for the first load. `now`: the guard's clock reading for the request.
 */
export function endpointLifecycle(key: string, now = Date.now()): EndpointLifecycle | undefined | Promise<EndpointLifecycle | undefined> {
  const s = state();
  if (s.loadedAt === 0) return (s.loading ?? refreshEndpointLifecycles()).then(() => s.byEndpoint.get(key));
  if (now - s.loadedAt > REFRESH_MS && !s.loading) void refreshEndpointLifecycles();
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
