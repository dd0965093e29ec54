import 'server-only';
import { db } from '@/db';
import type { KeyRecord } from '@/lib/keys/key-record';
import { limitsLink, type RedisLink } from '@/lib/limits/redis-link';
import { processState } from '@/lib/runtime/process-state';
import { PostgresQuotaStore } from './quota-postgres-store';
import { RedisQuotaStore } from './quota-redis-store';
import { monthOf, type QuotaDecision, type QuotaRequest } from './quota-store';

export type { QuotaDecision } from './quota-store';

/**
 * Monthly quotas (calendar month, UTC): the key's own, when it has one, and its organization's, which
 * all the organization's keys share. Both are checked before either moves, and a refusal counts in
 * neither. The count is one for the whole cluster:
 *
 * - with `REDIS_URL`, one atomic Lua script on Redis (quota-redis-store.ts), seeded from the ledger;
 * - without Redis, and while Redis is unreachable, the `quota_counters` row in Postgres, claimed from in
 *   leases (quota-postgres-store.ts): exact for every instance on the database, and free of I/O on the
 *   request path far from the limit. Back on Redis, the Redis counters are raised to the ledger first.
 */
interface QuotaState {
  postgres: PostgresQuotaStore;
  redis: RedisQuotaStore | null;
  redisLink: RedisLink | null;
  /** Whether the last decision went to Redis: a switch re-seeds the store switched to. */
  onRedis: boolean;
}

const state = () => processState<QuotaState>('quota', () => ({ postgres: new PostgresQuotaStore(() => db), redis: null, redisLink: null, onRedis: false }));

/** The Postgres store of this process (the `quota.leases` job returns its idle leases). */
export function postgresQuotaStore(): PostgresQuotaStore {
  return state().postgres;
}

function onPostgres(s: QuotaState, request: QuotaRequest): QuotaDecision | Promise<QuotaDecision> {
  if (s.onRedis) {
    s.onRedis = false;
    s.postgres.reseed(); // its rows were not kept while Redis counted
  }
  return s.postgres.consume(request);
}

function redisStoreOf(s: QuotaState, link: RedisLink): RedisQuotaStore {
  if (s.redisLink !== link) {
    s.redis = new RedisQuotaStore(link, () => db);
    s.redisLink = link;
  }
  return s.redis!;
}

/**
 * Where verifier leases come from now: the Redis store while quotas are counted on Redis (so leases and
 * the portal's own requests share one counter), null on Postgres (`quota_counters`). `failed` marks the link
 * down after a Redis error, as a request's would.
 */
export function redisQuotaLeases(): { store: RedisQuotaStore; failed: (error: unknown) => void } | null {
  const link = limitsLink();
  if (link === null || !link.shared) return null;
  return { store: redisStoreOf(state(), link), failed: (error) => link.failed(error) };
}

/** Admits and counts one request, or refuses it at the key's or the organization's quota. */
export function consumeQuota(key: KeyRecord, now = Date.now()): QuotaDecision | Promise<QuotaDecision> {
  const request: QuotaRequest = {
    keyId: key.id,
    keyLimit: key.monthlyQuota,
    organizationId: key.partnerId,
    organizationLimit: key.organizationMonthlyQuota,
    month: monthOf(now),
  };
  const s = state();
  const link = limitsLink();
  if (link === null || !link.shared) return onPostgres(s, request);
  redisStoreOf(s, link);
  if (!s.onRedis) {
    s.onRedis = true;
    void s.postgres.returnIdle({ all: true }).catch(() => {}); // units leased on Postgres go back
  }
  return s.redis!.consume(request).catch((error: unknown) => {
    link.failed(error);
    return onPostgres(s, request);
  });
}
