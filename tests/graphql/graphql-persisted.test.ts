import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { Kind, parse, validate } from 'graphql';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { apiKeys, requestLogs } from '@/db/schema';
import { buildPersistedManifest, MANIFEST_FILE, manifestText, persistedOperationHash } from '@/lib/graphql/persisted-manifest';
import { portalOperations, type PortalOperation } from '@/lib/graphql/portal-operations';
import { schema } from '@/lib/graphql/schema';
import { flushMetering } from '@/lib/usage/metering-buffer';
import { callApi, type ApiAnswer } from '../support/api-client';
import { createCast } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { dig, errorCodes, gql, session, sessionModuleMock } from './graphql-client';

vi.mock('@/lib/auth/session', () => sessionModuleMock());

let cast: Awaited<ReturnType<typeof createCast>>;
let secret: string;
let keyId: string;

beforeAll(async () => {
  cast = await createCast();
  const made = await issueKey(cast.org.id, { scopes: ['usage:read', 'keys:write'], name: 'persisted' });
  secret = made.secret;
  keyId = made.key.id;
});

const operation = (name: string): PortalOperation => portalOperations.find((o) => o.name === name)!;
const byHash = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

/** POST a persisted operation (APQ's extension, or `documentId`) with a key, or as the session's user. */
function persisted(body: Record<string, unknown>, key?: string): Promise<ApiAnswer> {
  return callApi('POST', '/api/v1/graphql', { key, body });
}

describe('persisted operations', () => {
  it('the committed manifest is what `npm run graphql:persist` builds from lib/graphql/operations', () => {
    const built = buildPersistedManifest();
    expect(fs.readFileSync(MANIFEST_FILE, 'utf8')).toBe(manifestText(built));
    expect(Object.keys(built).length).toBeGreaterThan(0);
    for (const [hash, document] of Object.entries(built)) expect(persistedOperationHash(document)).toBe(hash);
  });

  it('each persisted document is one named operation that validates against the schema', () => {
    expect(portalOperations.map((o) => o.name).sort()).toEqual(['LiveRequests', 'Overview', 'Viewer']);
    for (const { name, document } of portalOperations) {
      const ast = parse(document);
      const operations = ast.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      expect(operations.map((o) => o.name?.value)).toEqual([name]);
      expect(validate(schema, ast).map((e) => e.message)).toEqual([]);
    }
  });

  it('a persisted operation by hash answers like its text, and is metered by its operation name', async () => {
    const overview = operation('Overview');
    const asText = await gql(overview.document, { key: secret });
    const asHash = await persisted(byHash(overview.hash), secret);
    expect(asHash.status).toBe(200);
    expect(asHash.body.errors).toBeUndefined();
    expect(asHash.body.data).toEqual(asText.data);
    expect(dig(asHash.body, 'viewer.organization.name')).toBe(cast.org.name);
    // GraphQL over HTTP's `documentId`, with or without its `sha256:` prefix.
    for (const documentId of [`sha256:${overview.hash}`, overview.hash]) {
      expect((await persisted({ documentId }, secret)).body.data).toEqual(asText.data);
    }
    await flushMetering({ untilEmpty: true });
    const rows = await db
      .select({ endpoint: requestLogs.endpoint })
      .from(requestLogs)
      .where(and(eq(requestLogs.apiKeyId, keyId), eq(requestLogs.endpoint, '/api/v1/graphql#Overview(viewer,usage,apiKeys)')));
    expect(rows).toHaveLength(4);
  });

  it('an unknown hash is refused with PERSISTED_QUERY_NOT_FOUND and a 400, for a key and for a session', async () => {
    const unknown = persistedOperationHash('query Unknown { viewer { kind } }');
    const forKey = await persisted(byHash(unknown), secret);
    expect(forKey.status).toBe(400);
    expect(errorCodes(forKey.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(forKey.body.data).toBeUndefined();
    session.actor = cast.partnerAdmin;
    const forSession = await persisted({ documentId: `sha256:${unknown}` });
    expect(forSession.status).toBe(400);
    expect(errorCodes(forSession.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    session.actor = null;
  });

  it('a request with neither a query nor a persisted id is a 400', async () => {
    const answer = await persisted({ variables: {} }, secret);
    expect(answer.status).toBe(400);
    expect(errorCodes(answer.body)).toEqual(['BAD_REQUEST']);
  });

  it('a portal session runs persisted operations; its free-form documents outside the explorer are refused unrun', async () => {
    session.actor = cast.developer;
    const viewer = await persisted(byHash(operation('Viewer').hash));
    expect(viewer.status).toBe(200);
    expect(viewer.body.data).toEqual({ viewer: { kind: 'user', user: { role: 'developer' }, organization: { name: cast.org.name } } });

    const before = await db.$count(apiKeys, eq(apiKeys.partnerId, cast.org.id));
    const mutation = 'mutation { createApiKey(input: { name: "not persisted", environment: test }) { secret } }';
    const refused = await gql(mutation, { explorer: false });
    expect(refused.status).toBe(403);
    expect(errorCodes(refused)).toEqual(['PERSISTED_QUERY_ONLY']);
    expect(refused.data).toBeUndefined();
    expect(await db.$count(apiKeys, eq(apiKeys.partnerId, cast.org.id))).toBe(before);
    expect((await gql('{ viewer { kind } }', { explorer: false })).status).toBe(403);

    // The explorer's requests (its header) may send documents it does not find in the manifest.
    expect((await gql('{ viewer { kind } }')).data).toEqual({ viewer: { kind: 'user' } });
    session.actor = null;
  });

  it('key callers are unaffected: free-form documents run without any header', async () => {
    const answer = await gql('query Mine { viewer { kind key { name } } }', { key: secret });
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ viewer: { kind: 'key', key: { name: 'persisted' } } });
  });
});
