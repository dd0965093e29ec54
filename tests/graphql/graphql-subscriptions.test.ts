import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callApi } from '../support/api-client';
import { executeAction } from '@/lib/actions/execute-action';
import { portalOperations } from '@/lib/graphql/portal-operations';
import { revokeKeySpec } from '@/lib/keys/revoke-key-action';
import { createCast, createOrg, testMeta } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { session, sessionModuleMock } from './graphql-client';

vi.mock('@/lib/auth/session', () => sessionModuleMock());

let cast: Awaited<ReturnType<typeof createCast>>;
beforeAll(async () => {
  cast = await createCast();
});

const subscription = 'subscription Live($filter: RequestLoggedFilter) { requestLogged(filter: $filter) { requestId endpoint statusCode apiKeyId } }';

/**
 * Opens the subscription over SSE through the real route handler (or, with `persisted`, the portal's
 * persisted subscription of that id); `received` collects the `next` payloads.
 */
async function subscribe(options: { key?: string; variables?: Record<string, unknown>; persisted?: string }) {
  const { POST } = await import('@/app/api/v1/graphql/route');
  const controller = new AbortController();
  const headers = new Headers({ 'content-type': 'application/json', accept: 'text/event-stream', 'x-forwarded-for': '198.51.100.10' });
  if (options.key) headers.set('authorization', `Bearer ${options.key}`);
  const response = await POST(
    new Request('http://portal.test/api/v1/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify(
        options.persisted
          ? { variables: options.variables, extensions: { persistedQuery: { version: 1, sha256Hash: options.persisted } } }
          : { query: subscription, variables: options.variables },
      ),
      signal: controller.signal,
    }),
    { params: Promise.resolve({}) },
  );
  let ended = false;
  const received: { data?: { requestLogged?: Record<string, unknown> }; errors?: unknown[] }[] = [];
  let buffer = '';
  const reader = response.body!.getReader();
  const pump = (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) {
        ended = true;
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split('\n').find((line) => line.startsWith('data:'));
        if (message.includes('event: next') && data) received.push(JSON.parse(data.slice(5)) as (typeof received)[number]);
      }
    }
  })();
  return {
    response,
    received,
    ended: () => ended,
    async close() {
      controller.abort();
      await reader.cancel().catch(() => {});
      await pump;
    },
  };
}

async function waitFor(check: () => boolean, ms = 1_000): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - started;
}

describe('requestLogged over SSE', () => {
  it('a key with usage:read sees its organization’s requests within 1 s, and no other organization’s', async () => {
    const { secret, key } = await issueKey(cast.org.id, { scopes: ['usage:read'] });
    const other = await issueKey((await createOrg()).id, { scopes: [] });
    const stream = await subscribe({ key: secret });
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/text\/event-stream/);
    await new Promise((r) => setTimeout(r, 50));
    await callApi('GET', '/api/v1/me', { key: other.secret });
    const me = await callApi('GET', '/api/v1/me', { key: secret });
    const requestId = me.headers.get('x-request-id');
    const took = await waitFor(() => stream.received.some((e) => e.data?.requestLogged?.requestId === requestId));
    expect(took).toBeLessThan(1_000);
    expect(stream.received.every((e) => e.data?.requestLogged?.apiKeyId !== other.key.id)).toBe(true);
    const event = stream.received.find((e) => e.data?.requestLogged?.requestId === requestId)!.data!.requestLogged;
    expect(event).toEqual({ requestId, endpoint: '/api/v1/me', statusCode: 200, apiKeyId: key.id });
    await stream.close();
  });

  it('filters by status class', async () => {
    const { secret } = await issueKey(cast.org.id, { scopes: ['usage:read'] });
    const stream = await subscribe({ key: secret, variables: { filter: { statusClass: 's4xx' } } });
    await new Promise((r) => setTimeout(r, 50));
    await callApi('GET', '/api/v1/me', { key: secret });
    const refused = await callApi('GET', '/api/v1/endpoints', { key: secret });
    expect(refused.status).toBe(403);
    await waitFor(() => stream.received.length > 0);
    expect(stream.received.map((e) => e.data?.requestLogged?.statusCode)).toEqual([403]);
    await stream.close();
  });

  it('a signed-in partner user streams their organization with the portal’s persisted subscription, like the REST live view', async () => {
    session.actor = cast.partnerAdmin;
    const { secret } = await issueKey(cast.org.id, { scopes: [] });
    const stream = await subscribe({ persisted: portalOperations.find((o) => o.name === 'LiveRequests')!.hash });
    expect(stream.response.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const me = await callApi('GET', '/api/v1/me', { key: secret });
    await waitFor(() => stream.received.some((e) => e.data?.requestLogged?.requestId === me.headers.get('x-request-id')));
    await stream.close();
    session.actor = null;
  });

  it('ends within seconds once the key is revoked', async () => {
    const { secret, key } = await issueKey(cast.org.id, { scopes: ['usage:read'] });
    const stream = await subscribe({ key: secret });
    expect(stream.response.status).toBe(200);
    const revoked = await executeAction(revokeKeySpec, { keyId: key.id }, { actor: cast.partnerAdmin, meta: testMeta });
    expect(revoked.result.ok).toBe(true);
    await waitFor(stream.ended, 7_000);
    await stream.close();
  });

  it('a key without usage:read gets an error, not a stream of requests', async () => {
    const { secret } = await issueKey(cast.org.id, { scopes: [] });
    const { POST } = await import('@/app/api/v1/graphql/route');
    const response = await POST(
      new Request('http://portal.test/api/v1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query: subscription }),
      }),
      { params: Promise.resolve({}) },
    );
    const text = await response.text();
    expect(text).toMatch(/FORBIDDEN/);
    expect(text).not.toMatch(/requestId/);
  });
});
