import { beforeAll, describe, expect, it, vi } from 'vitest';
import { portalOperations } from '@/lib/graphql/portal-operations';
import { callApi, type ApiAnswer } from '../support/api-client';
import { createCast } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { gql, session, sessionModuleMock } from './graphql-client';

vi.mock('@/lib/auth/session', () => sessionModuleMock());

let cast: Awaited<ReturnType<typeof createCast>>;
let secret: string;

beforeAll(async () => {
  cast = await createCast();
  ({ secret } = await issueKey(cast.org.id, { scopes: ['usage:read', 'docs:read', 'catalog:read', 'keys:write'], rateLimitPerMinute: 100_000 }));
});

/** Refused: a 4xx, GraphQL errors, no data, nothing that looks like a stack trace or an internal error. */
function expectRefused(answer: ApiAnswer, status?: number) {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  if (status) expect(answer.status).toBe(status);
  const errors = answer.body.errors as { message: string }[] | undefined;
  expect(Array.isArray(errors) && errors.length > 0, 'GraphQL errors').toBe(true);
  expect(answer.body.data ?? null).toBeNull();
  const text = JSON.stringify(answer.body);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|Unexpected error/);
  return errors!.map((e) => e.message).join('\n');
}

describe('the hostile corpus: refused before execution with a GraphQL error and a 4xx', () => {
  it('a depth-50 query', async () => {
    const query = `{ ${'viewer { '.repeat(50)} kind ${'} '.repeat(50)}}`;
    expect(expectRefused(await gql(query, { key: secret }), 400)).toMatch(/depth/i);
  });

  it('1,000 aliases of a costly field', async () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: usage { totals { requests } }`).join(' ')} }`;
    expectRefused(await gql(query, { key: secret }), 400);
  });

  it('100 aliases of one field are refused by cost, not served', async () => {
    const query = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: usage { totals { requests } }`).join(' ')} }`;
    const messages = expectRefused(await gql(query, { key: secret }), 400);
    expect(messages).toMatch(/costs \d+, more than the limit of 1000/);
  });

  it('16 aliases are refused (at most 15)', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: viewer { kind }`).join(' ')} }`;
    expect(expectRefused(await gql(query, { key: secret }), 400)).toMatch(/alias/i);
  });

  it('a fragment cycle', async () => {
    const query = 'query { viewer { ...A } } fragment A on Viewer { kind ...B } fragment B on Viewer { ...A }';
    expect(expectRefused(await gql(query, { key: secret }), 400)).toMatch(/cycle|itself/i);
  });

  it('a fragment bomb (each fragment spreads the previous one twice), quickly', async () => {
    const fragments = ['fragment F0 on Viewer { kind }'];
    for (let i = 1; i <= 40; i++) fragments.push(`fragment F${i} on Viewer { ...F${i - 1} ...F${i - 1} }`);
    const started = performance.now();
    const answer = await gql(`query { viewer { ...F40 } } ${fragments.join(' ')}`, { key: secret });
    expect(performance.now() - started).toBeLessThan(2_000);
    expectRefused(answer, 400);
  });

  it('introspection through an inline fragment, through a fragment, and __type probing, on a partner key', async () => {
    for (const query of [
      '{ __schema { types { name } } }',
      '{ ... on Query { __schema { queryType { name } } } }',
      'query { ...I } fragment I on Query { __schema { types { name } } }',
      '{ __type(name: "ApiKey") { fields { name } } }',
      '{ a: __type(name: "Secret") { name } }',
    ]) {
      expectRefused(await gql(query, { key: secret }), 400);
    }
  });

  it('introspection works for a signed-in user (the explorer), and __typename for anyone', async () => {
    session.actor = cast.partnerAdmin;
    const answer = await gql('{ __schema { queryType { name } } }');
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    session.actor = null;
    expect((await gql('{ __typename viewer { __typename } }', { key: secret })).data).toEqual({ __typename: 'Query', viewer: { __typename: 'Viewer' } });
  });

  it('no field suggestions: a misspelt field does not reveal the schema’s names', async () => {
    const messages = expectRefused(await gql('{ viewr { kind } apiKey { secre } }', { key: secret }), 400);
    expect(messages).not.toMatch(/Did you mean/i);
  });

  it('100 operations in a batch', async () => {
    const batch = Array.from({ length: 100 }, () => ({ query: '{ viewer { kind } }' }));
    const answer = await callApi('POST', '/api/v1/graphql', { key: secret, body: batch });
    expectRefused(answer, 413);
  });

  it('a 1 MB query', async () => {
    const query = `{ viewer { kind } } # ${'x'.repeat(1024 * 1024)}`;
    const answer = await callApi('POST', '/api/v1/graphql', { key: secret, body: { query } });
    expectRefused(answer, 413);
  });

  it('a mutation over GET', async () => {
    const query = encodeURIComponent('mutation { revokeApiKey(id: "key_x") { key { keyId } } }');
    const answer = await callApi('GET', `/api/v1/graphql?query=${query}`, { key: secret });
    expectRefused(answer, 405);
  });

  it('a cookie-authenticated POST with text/plain, and a cookie GET without the CSRF header', async () => {
    session.actor = cast.partnerAdmin;
    const post = await callApi('POST', '/api/v1/graphql', {
      rawBody: JSON.stringify({ query: 'mutation { createApiKey(input: { name: "csrf", environment: test }) { secret } }' }),
      headers: { 'content-type': 'text/plain' },
    });
    expectRefused(post, 415);
    const get = await callApi('GET', `/api/v1/graphql?query=${encodeURIComponent('{ viewer { kind } }')}`);
    expectRefused(get, 403);
    // With the header, the portal's persisted Viewer operation (a session sends no free-form document outside the explorer).
    const viewer = portalOperations.find((o) => o.name === 'Viewer')!;
    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: viewer.hash } }));
    const withHeader = await callApi('GET', `/api/v1/graphql?extensions=${extensions}`, { headers: { 'x-graphql-csrf': '1' } });
    expect(withHeader.status).toBe(200);
    expect(withHeader.body.data).toMatchObject({ viewer: { kind: 'user' } });
    session.actor = null;
  });

  it('a syntax error and an invalid variable are 400s', async () => {
    expectRefused(await gql('{ viewer { kind ', { key: secret }), 400);
    expectRefused(await gql('query Q($id: ID!) { apiKey(id: $id) { name } }', { key: secret, variables: { id: { nested: true } } }), 400);
  });
});
