import 'server-only';
import { and, asc, gt, lte, sql } from 'drizzle-orm';
import { db } from '@/db';
import { verifierChanges } from '@/db/schema';
import type { SyncedKey, SyncedOrganization } from '@/lib/keys/key-sync-record';
import { forCredential, latestSeq, type VerifierKey } from './verifier-snapshot';
import type { VerifierCredential } from './verifier-credential';

/** One change as a verifier receives it (the `data` of an SSE `change` event; its `id` is `seq`). */
export type VerifierChange =
  { seq: number; kind: 'key'; key: VerifierKey; organization: SyncedOrganization } | { seq: number; kind: 'organization'; organization: SyncedOrganization };

export interface ChangePage {
  changes: VerifierChange[];
  /** The last seq read (filtered rows included): the cursor to continue from. */
  cursor: number;
  /** The log says start again from a snapshot (a reset row). */
  reset: boolean;
}

/** More behind than this, a verifier is told to load a snapshot again (`reset`): cheaper than replaying. */
export const RESET_GAP = 10_000;
const PAGE = 500;

/** Why a verifier at `after` must load a snapshot again, or null when it can follow the log from there. */
export async function resetReason(after: number): Promise<string | null> {
  const [row] = await db
    .select({ min: sql<string | null>`min(${verifierChanges.seq})`, max: sql<string | null>`max(${verifierChanges.seq})` })
    .from(verifierChanges);
  const max = Number(row?.max ?? 0);
  const min = row?.min === null || row?.min === undefined ? null : Number(row.min);
  if (after > max) return 'ahead of the log (was the portal’s database replaced?)';
  if (max - after > RESET_GAP) return `more than ${RESET_GAP} changes behind`;
  if (min !== null && after < min - 1) return 'the changes after this seq were pruned';
  return null;
}

/** The next changes after `after`, in order, as this credential may see them. */
export async function readChanges(credential: VerifierCredential, after: number, upTo?: number): Promise<ChangePage> {
  const where = upTo === undefined ? gt(verifierChanges.seq, after) : and(gt(verifierChanges.seq, after), lte(verifierChanges.seq, upTo));
  const rows = await db.select().from(verifierChanges).where(where).orderBy(asc(verifierChanges.seq)).limit(PAGE);
  const changes: VerifierChange[] = [];
  let cursor = after;
  for (const row of rows) {
    if (row.kind === 'reset') return { changes, cursor, reset: true };
    cursor = row.seq;
    const organization = row.payload.organization as SyncedOrganization;
    if (row.kind === 'organization') {
      changes.push({ seq: row.seq, kind: 'organization', organization });
      continue;
    }
    const key = forCredential(credential, row.payload.key as SyncedKey);
    if (key) changes.push({ seq: row.seq, kind: 'key', key, organization });
  }
  return { changes, cursor, reset: false };
}

export { latestSeq };
