import { z } from 'zod';
import { apiScopes, keyEnvironments, partnerStatuses, supportTiers } from '@/db/schema';
import { storableText } from '@/lib/validation/storable';
import { changeStream } from '@/lib/verifier/change-stream';
import { verifierCredential } from '@/lib/verifier/verifier-credential';
import { noteVerifierSeen, verifierIdentity } from '@/lib/verifier/verifier-connections';
import { loadVerifierSnapshot } from '@/lib/verifier/verifier-snapshot';
import { BUCKET_COUNT, recordVerifierUsage } from '@/lib/verifier/verifier-usage';
import { grantLeases, MAX_LEASE, settleLease } from '@/lib/verifier/verifier-leases';
import { ApiProblem } from '../problem';
import { guardedRoute } from '../api-route-spec';

/**
 * What an embedded verifier (packages/verifier) calls, with a staff-issued verifier credential
 * (`keys:sync`): the snapshot, the change stream, its metering batches and its quota leases.
 */
const syncedOrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(partnerStatuses),
  supportTier: z.enum(supportTiers),
  keyRateLimitPerMinute: z.number(),
  monthlyQuota: z.number(),
});

const syncedKeySchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  hash: z.string().describe('SHA-256(pepper ‖ SHA-256(key)), base64url; the pepper is HMAC-SHA256(SHA-256(credential), label)'),
  prefix: z.string(),
  name: z.string(),
  environment: z.enum(keyEnvironments),
  scopes: z.array(z.enum(apiScopes)),
  isActive: z.boolean(),
  revokedAt: z.number().nullable(),
  expiresAt: z.number().nullable(),
  rotatedAt: z.number().nullable(),
  rateLimitPerMinute: z.number().nullable().describe("The key's own limit; the organization's ceiling applies on top"),
  monthlyQuota: z.number().nullable(),
  ipAllowlist: z.array(z.string()),
});

const snapshotSchema = z.object({
  seq: z.number().describe('Follow /verifier/changes after this'),
  generatedAt: z.string(),
  organizations: z.array(syncedOrganizationSchema),
  keys: z.array(syncedKeySchema),
});

export const verifierSnapshotRoute = guardedRoute({
  method: 'GET',
  path: '/verifier/snapshot',
  tag: 'Verifier',
  summary: 'Snapshot for an embedded verifier',
  description: 'Every key this verifier credential may see (hashes peppered for it, never a secret) and their organizations, consistent with `seq`.',
  access: { scope: 'keys:sync' },
  response: { status: 200, description: 'The snapshot', schema: snapshotSchema },
  problems: ['forbidden'],
  async handler({ key, request }) {
    const credential = verifierCredential(key, request.headers);
    const snapshot = await loadVerifierSnapshot(credential);
    const identity = verifierIdentity(request.headers);
    if (identity) await noteVerifierSeen(identity, key.id, { seq: snapshot.seq, lag: 0, connected: true });
    return snapshot;
  },
});

const seqText = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const verifierChangesRoute = guardedRoute({
  method: 'GET',
  path: '/verifier/changes',
  tag: 'Verifier',
  summary: 'Change stream for an embedded verifier (SSE)',
  description:
    'Server-Sent Events from `Last-Event-ID` (or `?after=`): `change` (id = seq), `heartbeat` every second with the newest seq, `reset` when the verifier must load a snapshot again, `revoked` when the credential stops being valid.',
  access: { scope: 'keys:sync' },
  query: z.object({ after: seqText.optional() }),
  response: { status: 200, description: 'text/event-stream', contentType: 'text/event-stream' },
  problems: ['forbidden', 'invalid_request'],
  handler({ key, request, query }) {
    const credential = verifierCredential(key, request.headers);
    const lastEventId = request.headers.get('last-event-id');
    let after = query.after ?? 0;
    if (lastEventId !== null && lastEventId !== '') {
      const parsed = seqText.safeParse(lastEventId);
      if (!parsed.success) throw new ApiProblem('invalid_request', 'Last-Event-ID must be a seq (a whole number).');
      after = parsed.data;
    }
    const stream = changeStream({ credential, after, identity: verifierIdentity(request.headers), signal: request.signal });
    return new Response(stream, {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
    });
  },
});

const batchId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Use 8 to 64 letters, digits, - or _');
const count = z.number().int().min(0).max(1_000_000_000);

const usageRecordSchema = z.object({
  keyId: storableText().min(1).max(64),
  endpoint: storableText().min(1).max(300),
  method: storableText().min(1).max(16),
  status: z.number().int().min(100).max(599),
  minute: z
    .number()
    .int()
    .min(Date.UTC(2000, 0, 1))
    .max(Date.UTC(9999, 0, 1)),
  count: count.min(1),
  billable: count,
  latencySumMs: z.number().min(0).max(1e12),
  latencyMaxMs: z.number().min(0).max(3_600_000),
  buckets: z.array(count).length(BUCKET_COUNT),
});

export const verifierUsageRoute = guardedRoute({
  method: 'POST',
  path: '/verifier/usage',
  tag: 'Verifier',
  summary: 'Metering batch from an embedded verifier',
  description:
    'Aggregated requests (per key, endpoint, method, status and minute). A batch id counts once: a retried batch is acknowledged and not counted again.',
  access: { scope: 'keys:sync' },
  body: z.object({ batchId, records: z.array(usageRecordSchema).max(5_000) }),
  response: {
    status: 200,
    description: 'Recorded (or already recorded)',
    schema: z.object({ recorded: z.boolean(), requests: z.number(), ignored: z.number() }),
  },
  problems: ['forbidden', 'invalid_request'],
  async handler({ key, request, body }) {
    const credential = verifierCredential(key, request.headers);
    const result = await recordVerifierUsage(credential, body.batchId, body.records);
    const identity = verifierIdentity(request.headers);
    if (identity) await noteVerifierSeen(identity, key.id, { requests: result.requests });
    return result;
  },
});

const leaseCounter = z.enum(['organization', 'key']).describe("Which quota: the key's organization's (one lease serves all its keys) or the key's own");
const leaseGrantSchema = z.object({
  keyId: z.string(),
  counter: leaseCounter,
  month: z.string(),
  granted: z.number(),
  remaining: z.number(),
  resetsAt: z.string(),
});

export const verifierLeasesRoute = guardedRoute({
  method: 'POST',
  path: '/verifier/leases',
  tag: 'Verifier',
  summary: 'Quota leases for an embedded verifier',
  description: `Grants blocks of quota units per key (at most ${MAX_LEASE.toLocaleString('en-US')}, never more than remains of the key's and its organization's monthly quota) and takes back units not spent.`,
  access: { scope: 'keys:sync' },
  body: z.object({
    request: z
      .array(z.object({ keyId: storableText().min(1).max(64), counter: leaseCounter, units: z.number().int().min(1).max(MAX_LEASE) }))
      .max(100)
      .default([]),
    settle: z
      .array(
        z.object({
          keyId: storableText().min(1).max(64),
          counter: leaseCounter,
          month: z.string().regex(/^\d{4}-\d{2}$/),
          units: z.number().int().min(0).max(MAX_LEASE),
        }),
      )
      .max(100)
      .default([]),
  }),
  response: { status: 200, description: 'The grants', schema: z.object({ grants: z.array(leaseGrantSchema), settled: z.number() }) },
  problems: ['forbidden', 'invalid_request'],
  async handler({ key, request, body }) {
    const credential = verifierCredential(key, request.headers);
    let settled = 0;
    // Returns first: units given back are there for the grants of the same call.
    for (const s of body.settle) if (await settleLease(credential, s.keyId, s.counter, s.month, s.units)) settled += s.units;
    return { grants: await grantLeases(credential, body.request), settled };
  },
});
