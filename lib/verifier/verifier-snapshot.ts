import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import { db, type Queryable } from '@/db';
import { apiKeys, partners, verifierChanges } from '@/db/schema';
import { syncedKey, syncedOrganization, type SyncedKey, type SyncedOrganization } from '@/lib/keys/key-sync-record';
import { pepperedKeyHash } from './pepper';
import type { VerifierCredential } from './verifier-credential';

/** A key as it leaves the portal: its hash peppered for the credential that asked. */
export type VerifierKey = Omit<SyncedKey, 'keyHash'> & { hash: string };

export interface VerifierSnapshot {
  /** The change log position the snapshot is consistent with: follow the changes after it. */
  seq: number;
  generatedAt: string;
  organizations: SyncedOrganization[];
  keys: VerifierKey[];
}

export function forCredential(credential: VerifierCredential, key: SyncedKey): VerifierKey | null {
  if (!credential.environments.includes(key.environment)) return null;
  const { keyHash, ...rest } = key;
  return { ...rest, hash: pepperedKeyHash(credential.pepper, keyHash) };
}

async function latestSeq(q: Queryable = db): Promise<number> {
  const [row] = await q.select({ seq: sql<string>`coalesce(max(${verifierChanges.seq}), 0)` }).from(verifierChanges);
  return Number(row?.seq ?? 0);
}

/**
 * Everything a verifier needs to decide, read in one repeatable-read transaction together with the log's
 * newest `seq`: changes committed after it are in the log after that `seq` (writers commit in `seq` order).
 */
export async function loadVerifierSnapshot(credential: VerifierCredential): Promise<VerifierSnapshot> {
  return db.transaction(
    async (tx) => {
      const seq = await latestSeq(tx);
      // Keys and organizations apart: a join would repeat every organization column on each of 100,000 keys.
      const [rows, partnerRows] = await Promise.all([
        tx
          .select()
          .from(apiKeys)
          .where(inArray(apiKeys.environment, [...credential.environments])),
        tx.select().from(partners),
      ]);
      const partnerById = new Map(partnerRows.map((p) => [p.id, p]));
      const organizations = new Map<string, SyncedOrganization>();
      const keys: VerifierKey[] = [];
      for (const key of rows) {
        const partner = partnerById.get(key.partnerId);
        if (!partner) continue;
        const synced = forCredential(credential, syncedKey(key, partner));
        if (!synced) continue;
        keys.push(synced);
        if (!organizations.has(partner.id)) organizations.set(partner.id, syncedOrganization(partner));
      }
      return { seq, generatedAt: new Date().toISOString(), organizations: [...organizations.values()], keys };
    },
    { isolationLevel: 'repeatable read' },
  );
}

export { latestSeq };
