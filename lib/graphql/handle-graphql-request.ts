import 'server-only';
import type { ApiContext } from '@/lib/api/api-route-spec';
import { admitMore, admitSessionCalls } from '@/lib/api/authenticate-key';
import { tenantOf } from '@/lib/auth/tenant';
import { resolveKeyByHash } from '@/lib/keys/key-cache';
import { hashApiKey, readApiKey } from '@/lib/keys/key-format';
import { keyRefusal, type KeyRecord } from '@/lib/keys/key-record';
import { keyAdmission } from '@/lib/auth/policy';
import type { OperationMeter } from './context';
import { GRAPHQL_LIMITS } from './limits';
import { GRAPHQL_ENDPOINT } from './operation-meter';
import { yoga } from './yoga';

type GraphqlApiContext = ApiContext<undefined, undefined, undefined, KeyRecord | null>;

/** Refusals before Yoga sees the request, shaped as GraphQL errors like Yoga's own. */
function refusal(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The body, read no further than the limit: a megabyte query is refused without being held in memory. */
async function readBody(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The key of these headers, looked up again (cache, then database): still valid, its organization still active? */
async function keyStillValid(headers: Headers): Promise<boolean> {
  const secret = readApiKey(headers);
  const record = secret ? await resolveKeyByHash(hashApiKey(secret)) : null;
  return record !== null && keyRefusal(record) === null && keyAdmission(record.actor, true, null) === null;
}

/** How many operations a POST body holds: a batch is a JSON array. Unparseable bodies are Yoga's to refuse. */
function operationCount(body: string): number {
  const start = body.trimStart()[0];
  if (start !== '[') return 1;
  try {
    const parsed = JSON.parse(body) as unknown;
    return Array.isArray(parsed) ? Math.max(1, parsed.length) : 1;
  } catch {
    return 1;
  }
}

// What a cross-site form or `<img>` can send is a "simple" request; a portal session must prove it is not one.
const JSON_TYPES = /^application\/(json|graphql-response\+json)\s*(;|$)/i;
export const CSRF_HEADER = 'x-graphql-csrf';

/**
 * `/api/v1/graphql` after the guard admitted the caller (a key, or a portal session): the body limit,
 * CSRF prevention for cookie callers, one more admission per further operation of a batch (rate limit and
 * quota, as if each were a request of its own), then Yoga. The guard meters one row per operation.
 */
export async function handleGraphqlRequest(ctx: GraphqlApiContext): Promise<Response> {
  const { request, key, user } = ctx;
  const method = request.method;
  let body: string | null = null;
  if (method === 'POST') {
    body = await readBody(request, GRAPHQL_LIMITS.bodyBytes);
    if (body === null) return refusal(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${GRAPHQL_LIMITS.bodyBytes / 1024} KiB.`);
    if (user && !JSON_TYPES.test(request.headers.get('content-type') ?? '')) {
      return refusal(415, 'CSRF_PREVENTED', 'Signed-in callers send GraphQL as `application/json`.');
    }
  } else {
    if (request.url.length > GRAPHQL_LIMITS.bodyBytes) return refusal(414, 'PAYLOAD_TOO_LARGE', 'The query string is too long: send the query with POST.');
    if (user && !request.headers.has(CSRF_HEADER)) {
      return refusal(403, 'CSRF_PREVENTED', `Signed-in callers send GET queries with an \`${CSRF_HEADER}\` header (any value), or use POST with JSON.`);
    }
  }

  const operations = body === null ? 1 : operationCount(body);
  if (operations > 1 && operations <= GRAPHQL_LIMITS.batch) {
    // The guard admitted the first; each further operation counts like a request of its own.
    ctx.meter.rateLimit = key ? await admitMore(key, operations - 1) : await admitSessionCalls(user!.userId, operations - 1);
  }

  const meter: OperationMeter = { operations: [] };
  const actor = key ? key.actor : user!;
  const forwarded = new Request(request.url, { method, headers: request.headers, body, signal: request.signal });
  const response = await yoga.fetch(forwarded, {
    actor,
    key,
    user,
    partnerId: key ? key.partnerId : tenantOf(user!).partnerId,
    meta: { ip: ctx.ip, userAgent: request.headers.get('user-agent') },
    requestId: ctx.requestId,
    meter,
    keyStillValid: () => keyStillValid(request.headers),
  });
  if (key) {
    // One usage row per operation admitted; one refused before it ran shows as the bare route.
    const admitted = operations <= GRAPHQL_LIMITS.batch ? operations : 1;
    ctx.meter.endpoints = Array.from({ length: admitted }, (_, i) => meter.operations[i] ?? GRAPHQL_ENDPOINT);
  }
  return response;
}
