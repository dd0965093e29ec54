import { db } from '@/db';
import { withTransaction } from '@/db/with-transaction';
import type { ApiScope, KeyEnvironment } from '@/db/schema';
import { createApiKey } from '@/lib/keys/manage-keys';

/** A key made directly through the key module (as the ops command does), returning its secret. */
export async function issueKey(
  partnerId: string,
  options: {
    environment?: KeyEnvironment;
    scopes?: ApiScope[];
    ipAllowlist?: string[];
    rateLimitPerMinute?: number;
    monthlyQuota?: number;
    name?: string;
  } = {},
) {
  return withTransaction(db, (tx) =>
    createApiKey(
      tx,
      partnerId,
      {
        name: options.name ?? 'test key',
        environment: options.environment ?? 'test',
        scopes: options.scopes ?? [],
        ipAllowlist: options.ipAllowlist ?? [],
        rateLimitPerMinute: options.rateLimitPerMinute,
        monthlyQuota: options.monthlyQuota,
        expiresAt: undefined,
      },
      {},
    ),
  );
}
