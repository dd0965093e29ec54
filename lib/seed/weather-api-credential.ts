import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db';
import { apiKeys } from '@/db/schema';
import { performAction } from '@/lib/actions/execute-action';
import { systemActor } from '@/lib/auth/actor';
import { hashApiKey, isWellFormedApiKey } from '@/lib/keys/key-format';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { ensureDemoAccounts } from './demo-data';

/** The organization that holds the company's own service keys (the example API's verifier credential). */
export const INTERNAL_ORGANIZATION = { slug: 'internal-services', name: 'Internal services', status: 'active' as const };
const CREDENTIAL_NAME = 'Weather API verifier';

/**
 * The verifier credential examples/weather-api runs with on a development machine (`npm run dev`, the e2e
 * run): a staff-issued live key with `keys:sync` in the internal organization, made through the same create
 * spec as every key (system actor, audited). A secret still valid (`reuse`, kept by the caller between runs)
 * is returned as is, so restarting does not pile up keys; otherwise a new one is issued.
 */
export async function weatherApiCredential(db: Database, reuse?: string | null): Promise<string> {
  const organizations = await ensureDemoAccounts(db, [INTERNAL_ORGANIZATION], []);
  const partnerId = organizations.get(INTERNAL_ORGANIZATION.slug)!;
  if (reuse && isWellFormedApiKey(reuse)) {
    const [kept] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hashApiKey(reuse)), eq(apiKeys.partnerId, partnerId), eq(apiKeys.isActive, true), isNull(apiKeys.revokedAt)));
    if (kept) return reuse;
  }
  const created = await performAction(
    createKeySpec,
    { partnerId, name: CREDENTIAL_NAME, environment: 'live', scopes: ['keys:sync'] },
    { actor: systemActor('ops: development weather API credential'), meta: { ip: null, userAgent: null } },
  );
  return created.secret;
}
