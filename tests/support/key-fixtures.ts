import { db } from '@/db';
import { withTransaction } from '@/db/with-transaction';
import type { ApiScope, KeyEnvironment } from '@/db/schema';
import { systemActor, type KeyCeiling } from '@/lib/auth/actor';
import { keyCapability } from '@/lib/auth/policy';
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
    secretEnvironments?: string[];
    /** What the key was made under; by default the ops command's (the system's). */
    ceiling?: KeyCeiling;
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
        secretEnvironments: options.secretEnvironments,
      },
      {},
      options.ceiling ?? keyCapability(systemActor('test fixture'))!,
    ),
  );
}
