import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { auditLogs } from '@/db/schema';
import { callApi } from '../support/api-client';
import { createCast, createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { dig, errorCodes, gql, session, sessionModuleMock } from './graphql-client';

vi.mock('@/lib/auth/session', () => sessionModuleMock());

let cast: Awaited<ReturnType<typeof createCast>>;
let manager: { id: string; secret: string };

beforeAll(async () => {
  cast = await createCast();
  const made = await issueKey(cast.org.id, { environment: 'live', scopes: ['keys:write', 'usage:read'], name: 'manager' });
  manager = { id: made.key.id, secret: made.secret };
});

const create = `mutation Create($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret key { keyId name environment scopes status } } }`;
const rotate = `mutation Rotate($id: ID!) { rotateApiKey(id: $id, grace: g1h) { secret key { keyId } previousKey { keyId expiresAt } } }`;
const revoke = `mutation Revoke($id: ID!) { revokeApiKey(id: $id) { key { keyId status } } }`;

async function auditOf(keyIds: string[]) {
  return db.select().from(auditLogs).where(inArray(auditLogs.targetId, keyIds));
}

/** An audit row without what differs between two calls by nature (ids, times, the key made). */
function comparable(row: typeof auditLogs.$inferSelect) {
  const { id: _id, occurredAt: _at, targetId: _target, metadata, ...rest } = row;
  return { ...rest, metadataKeys: Object.keys(metadata).sort() };
}

describe('key mutations write what REST writes', () => {
  it('createApiKey, rotateApiKey and revokeApiKey: the same audit rows as POST/DELETE /api/v1/keys', async () => {
    const input = { name: 'twin', environment: 'test', scopes: ['usage:read'] };
    const viaGraphql = await gql(create, { key: manager.secret, variables: { input: { ...input, scopes: ['usage_read'] } } });
    expect(viaGraphql.errors).toBeUndefined();
    const created = dig(viaGraphql, 'createApiKey') as { secret: string; key: { keyId: string } };
    expect(created.secret).toMatch(/^pp_test_/);
    expect(created.key).toMatchObject({ name: 'twin', environment: 'test', scopes: ['usage_read'], status: 'active' });
    const viaRest = await callApi('POST', '/api/v1/keys', { key: manager.secret, body: input });
    expect(viaRest.status).toBe(201);
    const restId = (viaRest.body.key as { id: string }).id;

    const rotatedG = await gql(rotate, { key: manager.secret, variables: { id: created.key.keyId } });
    expect(rotatedG.errors).toBeUndefined();
    const rotatedR = await callApi('POST', `/api/v1/keys/${restId}/rotate`, { key: manager.secret, body: { grace: '1h' } });
    expect(rotatedR.status).toBe(201);
    const newG = dig(rotatedG, 'rotateApiKey.key.keyId') as string;
    const newR = (rotatedR.body.key as { id: string }).id;

    const revokedG = await gql(revoke, { key: manager.secret, variables: { id: newG } });
    expect(dig(revokedG, 'revokeApiKey.key.status')).toBe('revoked');
    const revokedR = await callApi('DELETE', `/api/v1/keys/${newR}`, { key: manager.secret });
    expect(revokedR.status).toBe(200);

    const graphqlRows = await auditOf([created.key.keyId, newG]);
    const restRows = await auditOf([restId, newR]);
    const byAction = (rows: typeof graphqlRows) => Object.fromEntries(rows.map((r) => [r.action, comparable(r)]));
    expect(Object.keys(byAction(graphqlRows)).sort()).toEqual(['key.create', 'key.revoke', 'key.rotate']);
    expect(byAction(graphqlRows)).toEqual(byAction(restRows));
    expect(graphqlRows.every((r) => r.actorType === 'api_key' && r.actorId === manager.id)).toBe(true);
  });

  it('the same ceilings: a key cannot make a key with more scopes than it has', async () => {
    const answer = await gql(create, { key: manager.secret, variables: { input: { name: 'greedy', environment: 'live', scopes: ['secrets_read'] } } });
    expect(answer.data).toEqual({ createApiKey: null });
    expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(answer.errors)).toContain('secrets:read');
  });

  it('bad input is BAD_USER_INPUT with the field errors, nothing written', async () => {
    const before = await db.select().from(auditLogs).where(eq(auditLogs.actorId, manager.id));
    const answer = await gql(create, { key: manager.secret, variables: { input: { name: '', environment: 'test', rateLimitPerMinute: -5 } } });
    expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(Object.keys((answer.errors![0]!.extensions as { fieldErrors: object }).fieldErrors).sort()).toEqual(['name', 'rateLimitPerMinute']);
    expect(await db.select().from(auditLogs).where(eq(auditLogs.actorId, manager.id))).toHaveLength(before.length);
  });

  it('another organization’s key: NOT_FOUND for rotate and revoke, and it keeps working', async () => {
    const other = await createOrg();
    const foreignKey = await issueKey(other.id, { scopes: [] });
    for (const mutation of [rotate, revoke]) {
      const answer = await gql(mutation, { key: manager.secret, variables: { id: foreignKey.key.id } });
      expect(Object.values(answer.data ?? {})).toEqual([null]);
      expect(errorCodes(answer)).toEqual(['NOT_FOUND']);
    }
    expect((await callApi('GET', '/api/v1/me', { key: foreignKey.secret })).status).toBe(200);
  });

  it('a key without keys:write cannot manage keys', async () => {
    const { secret } = await issueKey(cast.org.id, { scopes: ['usage:read'] });
    const answer = await gql(create, { key: secret, variables: { input: { name: 'x', environment: 'test' } } });
    expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
  });

  it('a signed-in developer creates test keys, audited as the user; not live ones', async () => {
    session.actor = cast.developer;
    const ok = await gql(create, { variables: { input: { name: 'dev key', environment: 'test' } } });
    expect(ok.errors).toBeUndefined();
    const keyId = dig(ok, 'createApiKey.key.keyId') as string;
    const [row] = await auditOf([keyId]);
    expect(row).toMatchObject({ action: 'key.create', actorType: 'user', actorId: cast.developer.userId, partnerId: cast.org.id });
    const live = await gql(create, { variables: { input: { name: 'dev live', environment: 'live' } } });
    expect(errorCodes(live)).toEqual(['FORBIDDEN']);
    session.actor = null;
  });
});
