import { describe, expect, it } from 'vitest';
import { newId, randomBase62 } from '@/lib/ids';

describe('random ids', () => {
  it('are base62 of the asked length after their prefix, and do not repeat', () => {
    const ids = Array.from({ length: 2_000 }, () => randomBase62(20, 'req_'));
    for (const id of ids) expect(id).toMatch(/^req_[0-9A-Za-z]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(newId('org')).toMatch(/^org_[0-9A-Za-z]{22}$/);
    expect(randomBase62(32)).toMatch(/^[0-9A-Za-z]{32}$/);
    // Longer than the scratch buffer: made in parts, still the asked length.
    expect(randomBase62(600, 'x_')).toMatch(/^x_[0-9A-Za-z]{600}$/);
  });

  it('use every character about equally often (no bias from the byte to base62 mapping)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2_000; i++) for (const c of randomBase62(62)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 124,000 characters: 2,000 expected per character (± 45 by chance). `byte % 62` without the
    // rejection would give the first 8 characters 5 bytes in 256 instead of 4: some 2,420 each.
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(1_700);
      expect(n).toBeLessThan(2_300);
    }
  });
});
