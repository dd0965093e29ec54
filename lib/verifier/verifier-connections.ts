import 'server-only';
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { db } from '@/db';
import { apiKeys, verifierChanges, verifierConnections } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { authorize } from '@/lib/auth/policy';
import { cleanText } from '@/lib/usage/request-record';

/** What a verifier says about itself in its requests' headers. */
export interface VerifierIdentity {
  instanceId: string;
  version: string;
  hostname: string | null;
}

const INSTANCE = /^[A-Za-z0-9_-]{8,64}$/;

/** Null when the caller did not say who it is (curl): nothing is recorded for the fleet then. */
export function verifierIdentity(headers: Headers): VerifierIdentity | null {
  const instanceId = headers.get('x-verifier-instance');
  if (!instanceId || !INSTANCE.test(instanceId)) return null;
  return {
    instanceId,
    version: cleanText(headers.get('x-verifier-version') ?? 'unknown', 40) || 'unknown',
    hostname: headers.get('x-verifier-hostname') ? cleanText(headers.get('x-verifier-hostname'), 100) : null,
  };
}

/** Upserts the fleet row: seen now, at `seq` (when known), `lag` behind, `requests` more reported. */
export async function noteVerifierSeen(
  identity: VerifierIdentity,
  credentialKeyId: string,
  update: { seq?: number; lag?: number; requests?: number; connected?: boolean },
): Promise<void> {
  const now = new Date();
  await db
    .insert(verifierConnections)
    .values({
      id: identity.instanceId,
      credentialKeyId,
      version: identity.version,
      hostname: identity.hostname,
      seq: update.seq ?? 0,
      lag: update.lag ?? 0,
      requestsReported: update.requests ?? 0,
      connectedAt: now,
      lastSeenAt: now,
    })
    .onConflictDoUpdate({
      target: verifierConnections.id,
      set: {
        credentialKeyId,
        version: identity.version,
        hostname: identity.hostname,
        lastSeenAt: now,
        ...(update.seq !== undefined ? { seq: sql`greatest(${verifierConnections.seq}, ${update.seq})` } : {}),
        ...(update.lag !== undefined ? { lag: update.lag } : {}),
        ...(update.requests ? { requestsReported: sql`${verifierConnections.requestsReported} + ${update.requests}` } : {}),
        ...(update.connected ? { connectedAt: now } : {}),
      },
    });
}

export interface FleetRow {
  id: string;
  credentialKeyId: string;
  credentialName: string | null;
  credentialPrefix: string | null;
  version: string;
  hostname: string | null;
  seq: number;
  lag: number;
  requestsReported: number;
  connectedAt: Date;
  lastSeenAt: Date;
}

/** Verifiers seen in the last day, most recently seen first (the staff fleet page: staff only). */
export async function listVerifierFleet(actor: Actor): Promise<FleetRow[]> {
  authorize(actor, 'partner.list', { partnerId: null });
  return db
    .select({
      id: verifierConnections.id,
      credentialKeyId: verifierConnections.credentialKeyId,
      credentialName: apiKeys.keyName,
      credentialPrefix: apiKeys.tokenPrefix,
      version: verifierConnections.version,
      hostname: verifierConnections.hostname,
      seq: verifierConnections.seq,
      lag: verifierConnections.lag,
      requestsReported: verifierConnections.requestsReported,
      connectedAt: verifierConnections.connectedAt,
      lastSeenAt: verifierConnections.lastSeenAt,
    })
    .from(verifierConnections)
    .leftJoin(apiKeys, eq(apiKeys.id, verifierConnections.credentialKeyId))
    .where(sql`${verifierConnections.lastSeenAt} > now() - interval '1 day'`)
    .orderBy(desc(verifierConnections.lastSeenAt));
}

export interface RecentRevocation {
  seq: number;
  keyId: string;
  prefix: string;
  revokedAt: Date;
}

/** The latest revocations in the change log: a verifier whose seq is at or past one has applied it. */
export async function listRecentRevocations(actor: Actor, limit = 5): Promise<RecentRevocation[]> {
  authorize(actor, 'partner.list', { partnerId: null });
  const revokedAt = sql<string>`${verifierChanges.payload}->'key'->>'revokedAt'`;
  const rows = await db
    .select({ seq: verifierChanges.seq, keyId: verifierChanges.entityId, prefix: sql<string>`${verifierChanges.payload}->'key'->>'prefix'`, revokedAt })
    .from(verifierChanges)
    .where(and(eq(verifierChanges.kind, 'key'), isNotNull(revokedAt)))
    .orderBy(desc(verifierChanges.seq))
    .limit(limit * 4);
  // A key's later changes repeat its revocation: the first row of each key is its revocation's.
  const seen = new Map<string, RecentRevocation>();
  for (const row of rows.reverse())
    if (!seen.has(row.keyId)) seen.set(row.keyId, { seq: row.seq, keyId: row.keyId, prefix: row.prefix, revokedAt: new Date(Number(row.revokedAt)) });
  return [...seen.values()].sort((a, b) => b.seq - a.seq).slice(0, limit);
}
