import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, parseApiKey, readApiKey } from '@/lib/keys/key-format';

describe('API key format', () => {
  it('generates pp_<env>_ keys with ≥128 random bits that parse back', () => {
    const seen = new Set<string>();
    for (const env of ['test', 'live'] as const) {
      for (let i = 0; i < 200; i++) {
        const key = generateApiKey(env);
        expect(key.secret).toMatch(new RegExp(`^pp_${env}_[0-9A-Za-z]{30}$`));
        expect(parseApiKey(key.secret)).toEqual({ environment: env, prefix: key.prefix });
        expect(key.prefix).toBe(key.secret.slice(0, 14));
        expect(key.hash).toBe(hashApiKey(key.secret));
        seen.add(key.secret);
      }
    }
    expect(seen.size).toBe(400);
    // 24 base62 characters of randomness: log2(62^24) ≈ 142.9 bits.
    expect(24 * Math.log2(62)).toBeGreaterThan(128);
  });

  it('refuses any single changed character through the checksum, without I/O', () => {
    const { secret } = generateApiKey('live');
    let refused = 0;
    for (let i = 8; i < secret.length; i++) {
      const changed = secret.slice(0, i) + (secret[i] === 'a' ? 'b' : 'a') + secret.slice(i + 1);
      if (parseApiKey(changed) === null) refused++;
    }
    expect(refused).toBe(secret.length - 8);
  });

  it('refuses other shapes', () => {
    const { secret } = generateApiKey('test');
    for (const bad of [
      '',
      'pp_test_',
      secret + 'a',
      secret.slice(1),
      secret.replace('pp_test_', 'pp_prod_'),
      secret.replace('pp_test_', 'pp_live_'),
      ` ${secret}`,
    ]) {
      expect(parseApiKey(bad), bad).toBeNull();
    }
  });

  it('reads the key from Authorization: Bearer or x-api-key', () => {
    expect(readApiKey(new Headers({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(readApiKey(new Headers({ authorization: 'bearer   abc  ' }))).toBe('abc');
    expect(readApiKey(new Headers({ 'x-api-key': ' abc ' }))).toBe('abc');
    expect(readApiKey(new Headers())).toBeNull();
  });
});
