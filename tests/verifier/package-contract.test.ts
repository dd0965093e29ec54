import { describe, expect, it } from 'vitest';
import { statusOfCode } from '@partner-portal/verifier';
import { LATENCY_BUCKETS_MS as packageBuckets } from '@/packages/verifier/src/metering';
import { LATENCY_BUCKETS_MS } from '@/db/schema';
import { verdictStatus, verificationCodes } from '@/lib/api/routes/verify-key';

// The package has no dependencies, so it cannot import the portal's definitions: it writes them again.
// These keep the two copies in step (a verifier must answer what keys/verify answers, and meter into the
// portal's latency buckets).
describe('the verifier package and the portal agree', () => {
  it('on every verification code and the status it stands for (the package adds STALE only)', () => {
    const packageCodes = Object.keys(statusOfCode).filter((code) => code !== 'STALE');
    expect(packageCodes.sort()).toEqual([...verificationCodes].sort());
    for (const code of verificationCodes) expect(statusOfCode[code]).toBe(verdictStatus[code]);
  });

  it('on the latency buckets usage is kept in', () => {
    expect([...packageBuckets]).toEqual([...LATENCY_BUCKETS_MS]);
  });
});
