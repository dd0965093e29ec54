import { bigint, real } from 'drizzle-orm/pg-core';

/** The measures every usage table carries: counts, latency sum and maximum, and the latency histogram. */
export const usageMeasures = {
  requestCount: bigint({ mode: 'number' }).notNull(),
  billableCount: bigint({ mode: 'number' }).notNull().default(0),
  latencySumMs: real().notNull().default(0),
  latencyMaxMs: real().notNull().default(0),
  l0: bigint({ mode: 'number' }).notNull().default(0),
  l1: bigint({ mode: 'number' }).notNull().default(0),
  l2: bigint({ mode: 'number' }).notNull().default(0),
  l3: bigint({ mode: 'number' }).notNull().default(0),
  l4: bigint({ mode: 'number' }).notNull().default(0),
  l5: bigint({ mode: 'number' }).notNull().default(0),
  l6: bigint({ mode: 'number' }).notNull().default(0),
  l7: bigint({ mode: 'number' }).notNull().default(0),
  l8: bigint({ mode: 'number' }).notNull().default(0),
  l9: bigint({ mode: 'number' }).notNull().default(0),
  l10: bigint({ mode: 'number' }).notNull().default(0),
};
