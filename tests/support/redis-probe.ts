import { Redis } from 'ioredis';

/** The Redis the tests use: CI has one; TEST_REDIS_URL points elsewhere. */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_TEST_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers there; when none does, the file's Redis tests are skipped, and `label` says so. */
export async function redisReachable(label: string): Promise<boolean> {
  const probe = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  const up = await probe.connect().then(
    () => true,
    () => false,
  );
  await probe.quit().catch(() => probe.disconnect());
  if (!up) console.warn(`[${label}] SKIPPING the Redis tests: no Redis at ${testRedisUrl} (set TEST_REDIS_URL)`);
  return up;
}
