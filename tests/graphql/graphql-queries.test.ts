import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { accessLogs } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { UserActor } from '@/lib/auth/actor';
import { createSecretSpec } from '@/lib/secrets/write-secrets';
import { callApi } from '../support/api-client';
import { actorOf, createCast, createOrg, createUser, testMeta } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { dig, errorCodes, gql, nodes, session, sessionModuleMock } from './graphql-client';

vi.mock('@/lib/auth/session', () => sessionModuleMock());

let cast: Awaited<ReturnType<typeof createCast>>;
let foreign: { org: { id: string }; admin: UserActor; keyId: string };
let fullKey: { id: string; secret: string };
const allScopes = ['usage:read', 'docs:read', 'catalog:read', 'secrets:read', 'keys:write'] as const;

beforeAll(async () => {
  cast = await createCast();
  const org = await createOrg({ name: 'Foreign Org' });
  const admin = await actorOf((await createUser({ org: { id: org.id, role: 'partner_admin' } })).id);
  const foreignKey = await issueKey(org.id, { scopes: [...allScopes] });
  foreign = { org, admin, keyId: foreignKey.key.id };
  const made = await issueKey(cast.org.id, { environment: 'live', scopes: [...allScopes], name: 'full' });
  fullKey = { id: made.key.id, secret: made.secret };
  const created = await executeAction(
    createSecretSpec,
    { environment: 'development', name: 'DB_URL', value: 'postgres://dev', kind: 'env_var' },
    { actor: cast.partnerAdmin, meta: testMeta },
  );
  if (!created.result.ok) throw new Error(JSON.stringify(created.result));
  await executeAction(
    createSecretSpec,
    { environment: 'production', name: 'STRIPE_KEY', value: 'sk_live_x', kind: 'api_key' },
    { actor: cast.partnerAdmin, meta: testMeta },
  );
});

const asUser = (actor: UserActor | null) => {
  session.actor = actor;
};

const everything = `query Everything {
  viewer { kind key { name scopes } user { role } organization { name slug } }
  organization { id name }
  apiKeys(first: 5) { edges { node { id keyId name status } } pageInfo { hasNextPage } }
  usage { granularity totals { requests } }
  requestLogs(first: 3) { edges { node { requestId } } }
  docs { versions docs { slug } }
  endpoints { name endpoints { method path } }
}`;

describe('queries for each kind of caller', () => {
  it('a key with every scope reads everything of its own organization', async () => {
    asUser(null);
    const answer = await gql(everything, { key: fullKey.secret });
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(dig(answer, 'viewer')).toMatchObject({ kind: 'key', key: { name: 'full' }, user: null, organization: { name: cast.org.name } });
    const keyIds = nodes(answer, 'apiKeys').map((node) => node.keyId);
    expect(keyIds).toContain(fullKey.id);
    expect(keyIds).not.toContain(foreign.keyId);
    expect(dig(answer, 'usage.totals.requests')).toBeGreaterThanOrEqual(0);
    expect(Array.isArray(dig(answer, 'endpoints'))).toBe(true);
    expect(answer.headers.get('x-request-id')).toMatch(/^req_/);
    expect(answer.headers.get('ratelimit-limit')).not.toBeNull();
  });

  it('a signed-in partner admin reads the same with the session cookie; staff see every organization', async () => {
    asUser(cast.partnerAdmin);
    const mine = await gql(everything);
    expect(mine.status).toBe(200);
    expect(mine.errors).toBeUndefined();
    expect(dig(mine, 'viewer')).toMatchObject({ kind: 'user', key: null, user: { role: 'partner_admin' }, organization: { name: cast.org.name } });
    asUser(cast.admin);
    const staff = await gql('{ viewer { organization { name } } apiKeys(first: 100) { edges { node { keyId } } } }');
    expect(dig(staff, 'viewer.organization')).toBeNull();
    expect(nodes(staff, 'apiKeys').map((node) => node.keyId)).toContain(foreign.keyId);
    asUser(null);
  });

  it('without a key or a session: 401, nothing executed', async () => {
    asUser(null);
    const answer = await gql('{ viewer { kind } }');
    expect(answer.status).toBe(401);
  });

  it('a developer reads keys and usage but not what the policy refuses them', async () => {
    asUser(cast.developer);
    const answer = await gql('{ apiKeys(first: 1) { edges { node { id } } } usage { totals { requests } } }');
    expect(answer.errors).toBeUndefined();
    asUser(null);
  });
});

describe('per-field scopes', () => {
  it('a field outside the key’s scopes is null with a FORBIDDEN error; the rest is answered', async () => {
    const { secret } = await issueKey(cast.org.id, { scopes: ['usage:read'] });
    const answer = await gql(everything, { key: secret });
    expect(answer.status).toBe(200);
    expect(dig(answer, 'viewer.organization.name')).toBe(cast.org.name);
    expect(dig(answer, 'usage')).not.toBeNull();
    expect(dig(answer, 'requestLogs')).not.toBeNull();
    expect(dig(answer, 'apiKeys')).toBeNull();
    expect(dig(answer, 'docs')).toBeNull();
    expect(dig(answer, 'endpoints')).toBeNull();
    const refused = answer.errors!.map((e) => e.path?.[0]).sort();
    expect(refused).toEqual(['apiKeys', 'docs', 'endpoints']);
    expect(errorCodes(answer).every((c) => c === 'FORBIDDEN')).toBe(true);
  });

  it('a key without any scope still has viewer (like /me)', async () => {
    const { secret } = await issueKey(cast.org.id, { scopes: [] });
    const answer = await gql('{ viewer { kind key { scopes } } usage { totals { requests } } }', { key: secret });
    expect(dig(answer, 'viewer')).toEqual({ kind: 'key', key: { scopes: [] } });
    expect(dig(answer, 'usage')).toBeNull();
    expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
  });
});

describe('foreign organizations: null and NOT_FOUND, never data', () => {
  it('apiKey(id) and node(id) of another organization’s key look like ones that do not exist', async () => {
    for (const id of [foreign.keyId, encodeGlobalID('ApiKey', foreign.keyId), encodeGlobalID('ApiKey', 'key_doesnotexist')]) {
      const answer = await gql(`query Q($id: ID!) { apiKey(id: $id) { name } node(id: $id) { id } }`, { key: fullKey.secret, variables: { id } });
      expect(answer.data).toEqual({ apiKey: null, node: null });
      expect(errorCodes(answer)).toEqual(['NOT_FOUND', 'NOT_FOUND']);
      expect(JSON.stringify(answer.body)).not.toContain('Foreign Org');
    }
    asUser(cast.partnerAdmin);
    const byUser = await gql(`{ apiKey(id: "${foreign.keyId}") { name } }`);
    expect(byUser.data).toEqual({ apiKey: null });
    expect(errorCodes(byUser)).toEqual(['NOT_FOUND']);
    asUser(null);
  });

  it('node(id) of an own key answers it; an organization only its own', async () => {
    const own = await gql(`{ node(id: "${encodeGlobalID('ApiKey', fullKey.id)}") { id ... on ApiKey { name } } }`, { key: fullKey.secret });
    expect(dig(own, 'node')).toEqual({ id: encodeGlobalID('ApiKey', fullKey.id), name: 'full' });
    const org = await gql(`{ node(id: "${encodeGlobalID('Organization', foreign.org.id)}") { id } }`, { key: fullKey.secret });
    expect(org.data).toEqual({ node: null });
    expect(errorCodes(org)).toEqual(['NOT_FOUND']);
  });

  it('usage of another organization’s key is NOT_FOUND', async () => {
    const answer = await gql(`{ usage(apiKeyId: "${foreign.keyId}") { totals { requests } } }`, { key: fullKey.secret });
    expect(answer.data).toEqual({ usage: null });
    expect(errorCodes(answer)).toEqual(['NOT_FOUND']);
  });
});

describe('docs and the catalog', () => {
  it('doc(slug) of a missing doc is null with NOT_FOUND; docs with a search answer', async () => {
    const missing = await gql('{ doc(slug: "no-such-doc") { title } }', { key: fullKey.secret });
    expect(missing.data).toEqual({ doc: null });
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
    const search = await gql('{ docs(search: "key") { docs { slug } } }', { key: fullKey.secret });
    expect(search.errors).toBeUndefined();
  });
});

describe('secrets', () => {
  const query = `query S($env: String!) { secrets(environment: $env, first: 10) { edges { node { name kind version value } } } }`;
  const pulls = (actorId: string) =>
    db
      .select()
      .from(accessLogs)
      .where(and(eq(accessLogs.actorId, actorId), eq(accessLogs.action, 'pull')));

  it('a key with secrets:read reads names and values, and each read is in the access log like a REST pull', async () => {
    const answer = await gql(query, { key: fullKey.secret, variables: { env: 'production' } });
    expect(answer.errors).toBeUndefined();
    expect(dig(answer, 'secrets.edges')).toEqual([{ node: { name: 'STRIPE_KEY', kind: 'api_key', version: 1, value: 'sk_live_x' } }]);
    const graphqlRows = await pulls(fullKey.id);
    expect(graphqlRows).toHaveLength(1);
    const rest = await callApi('GET', '/api/v1/secrets?environment=production', { key: fullKey.secret });
    expect(rest.status).toBe(200);
    const rows = await pulls(fullKey.id);
    expect(rows).toHaveLength(2);
    const shape = (r: (typeof rows)[number]) => ({
      secretName: r.secretName,
      actorType: r.actorType,
      actorLabel: r.actorLabel,
      action: r.action,
      ip: r.ip,
      version: r.version,
    });
    expect(shape(rows[0]!)).toEqual(shape(rows[1]!));
  });

  it('a key without secrets:read gets no names and no value', async () => {
    const { secret, key } = await issueKey(cast.org.id, { scopes: ['usage:read'] });
    const answer = await gql(query, { key: secret, variables: { env: 'production' } });
    expect(answer.data).toEqual({ secrets: null });
    expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(answer.body)).not.toContain('sk_live_x');
    expect(await pulls(key.id)).toHaveLength(0);
  });

  it('a test key lists production names but never reads a production value', async () => {
    const { secret, key } = await issueKey(cast.org.id, { scopes: ['secrets:read'], environment: 'test' });
    const answer = await gql(query, { key: secret, variables: { env: 'production' } });
    expect(dig(answer, 'secrets.edges')).toEqual([{ node: { name: 'STRIPE_KEY', kind: 'api_key', version: 1, value: null } }]);
    expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(answer.body)).not.toContain('sk_live_x');
    expect(await pulls(key.id)).toHaveLength(0);
  });

  it('a developer reads development values but not production ones', async () => {
    asUser(cast.developer);
    const dev = await gql(query, { variables: { env: 'development' } });
    expect(dig(dev, 'secrets.edges.0.node.value')).toBe('postgres://dev');
    const prod = await gql(query, { variables: { env: 'production' } });
    expect(dig(prod, 'secrets.edges.0.node.value')).toBeNull();
    expect(errorCodes(prod)).toEqual(['FORBIDDEN']);
    asUser(null);
  });

  it('an unknown environment is NOT_FOUND', async () => {
    const answer = await gql(query, { key: fullKey.secret, variables: { env: 'nowhere' } });
    expect(answer.data).toEqual({ secrets: null });
    expect(errorCodes(answer)).toEqual(['NOT_FOUND']);
  });
});

describe('pagination', () => {
  it('pages through keys with first/after; more than 100 per page is refused', async () => {
    const first = await gql('{ apiKeys(first: 2) { edges { cursor node { keyId } } pageInfo { hasNextPage endCursor } } }', { key: fullKey.secret });
    const page1 = nodes(first, 'apiKeys');
    expect(page1).toHaveLength(2);
    expect(dig(first, 'apiKeys.pageInfo.hasNextPage')).toBe(true);
    const endCursor = dig(first, 'apiKeys.pageInfo.endCursor') as string;
    const second = await gql(`{ apiKeys(first: 2, after: "${endCursor}") { edges { node { keyId } } } }`, { key: fullKey.secret });
    const ids2 = nodes(second, 'apiKeys').map((node) => node.keyId);
    expect(ids2).toHaveLength(2);
    expect(ids2).not.toContain(page1[0]!.keyId);
    const tooMany = await gql('{ apiKeys(first: 101) { edges { node { keyId } } } }', { key: fullKey.secret });
    expect(dig(tooMany, 'apiKeys') ?? null).toBeNull();
    expect(tooMany.errors?.length).toBeGreaterThan(0);
  });
});

describe('the schema', () => {
  it('is published as SDL without a key', async () => {
    const answer = await fetchSdl();
    expect(answer).toContain('type Query');
    expect(answer).toContain('requestLogged');
  });
});

async function fetchSdl(): Promise<string> {
  const { GET } = await import('@/app/api/v1/graphql/schema.graphql/route');
  const response = await GET(new Request('http://portal.test/api/v1/graphql/schema.graphql'), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  return response.text();
}
