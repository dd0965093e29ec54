import type { KeyRecord } from '@/lib/keys/key-record';

/**
 * Whether an API key may pull an environment: a `test` key never reads `production`, and a key
 * restricted to some environments reads only those.
 */
export function keyMayReadEnvironment(key: Pick<KeyRecord, 'environment' | 'secretEnvironments'>, environment: string): boolean {
  if (key.environment === 'test' && environment === 'production') return false;
  return key.secretEnvironments === null || key.secretEnvironments.includes(environment);
}
