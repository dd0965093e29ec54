import { describe, expect, it } from 'vitest';
import { guardIncomingRequest, UNSUPPORTED_METHOD_HEADER } from '@/scripts/server-guards.mjs';
import { callApi } from '../support/api-client';

// scripts/serve.mjs runs these before Next.js (issue 12 item 4). e2e/bad-input.spec.ts checks them on the real server.

const action = { host: 'portal.example', 'next-action': '7f'.repeat(21), 'content-type': 'text/plain;charset=UTF-8' };

describe('a server action posted from another origin', () => {
  it('is answered 403 before Next.js (which would throw: a 500)', () => {
    for (const origin of ['https://evil.example', 'http://portal.example.evil.example', 'null', 'not a url', 'https://portal.example:8443']) {
      const guarded = guardIncomingRequest({ method: 'POST', url: '/partners', headers: { ...action, origin } });
      expect(guarded.respond?.status, origin).toBe(403);
      expect(guarded.respond?.body).not.toMatch(/\n\s+at /);
    }
  });

  it('is refused as a plain form post too (no Next-Action header: urlencoded or multipart)', () => {
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const guarded = guardIncomingRequest({
        method: 'POST',
        url: '/keys/new',
        headers: { host: 'portal.example', 'content-type': contentType, origin: 'https://evil.example' },
      });
      expect(guarded.respond?.status, contentType).toBe(403);
    }
  });

  it('goes on to Next.js from the same origin, behind a proxy (X-Forwarded-Host), or without an Origin', () => {
    expect(guardIncomingRequest({ method: 'POST', url: '/partners', headers: { ...action, origin: 'https://portal.example' } }).respond).toBeUndefined();
    expect(
      guardIncomingRequest({
        method: 'POST',
        url: '/partners',
        headers: { ...action, host: '127.0.0.1:3000', 'x-forwarded-host': 'portal.example, proxy.internal', origin: 'https://portal.example' },
      }).respond,
    ).toBeUndefined();
    expect(guardIncomingRequest({ method: 'POST', url: '/partners', headers: action }).respond).toBeUndefined();
  });

  it('leaves GETs, /api routes (Auth.js, /api/v1) and JSON posts alone', () => {
    const evil = { host: 'portal.example', origin: 'https://evil.example' };
    expect(guardIncomingRequest({ method: 'GET', url: '/partners', headers: { ...evil, 'next-action': 'x' } }).respond).toBeUndefined();
    expect(
      guardIncomingRequest({ method: 'POST', url: '/api/auth/callback/credentials', headers: { ...evil, 'content-type': 'application/x-www-form-urlencoded' } })
        .respond,
    ).toBeUndefined();
    expect(guardIncomingRequest({ method: 'POST', url: '/api/v1/keys', headers: { ...evil, 'content-type': 'application/json' } }).respond).toBeUndefined();
  });
});

describe('methods Next.js does not route, on /api/v1', () => {
  it('go to the route OPTIONS handler with their method named, which answers a 405 problem with Allow', async () => {
    const guarded = guardIncomingRequest({ method: 'TRACE', url: '/api/v1/keys?x=1', headers: { host: 'portal.example' } });
    expect(guarded.method).toBe('OPTIONS');
    expect(guarded.headers?.[UNSUPPORTED_METHOD_HEADER]).toBe('TRACE');
    const answer = await callApi('OPTIONS', '/api/v1/keys', { headers: { [UNSUPPORTED_METHOD_HEADER]: 'TRACE' } });
    expect(answer.status).toBe(405);
    expect(answer.contentType).toBe('application/problem+json');
    expect(answer.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    expect(answer.body).toMatchObject({ status: 405, detail: '/api/v1/keys does not answer TRACE.', requestId: answer.headers.get('x-request-id') });
  });

  it('a client cannot send the header itself: it is removed from an OPTIONS, which stays a 204 with Allow', async () => {
    const guarded = guardIncomingRequest({ method: 'OPTIONS', url: '/api/v1/me', headers: { host: 'portal.example', [UNSUPPORTED_METHOD_HEADER]: 'GET' } });
    expect(guarded.method).toBe('OPTIONS');
    expect(guarded.headers?.[UNSUPPORTED_METHOD_HEADER]).toBeUndefined();
    const answer = await callApi('OPTIONS', '/api/v1/me');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(answer.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('leave the methods Next.js routes, and other paths, as they are', () => {
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])
      expect(guardIncomingRequest({ method, url: '/api/v1/me', headers: {} })).toMatchObject({ method, headers: {} });
    expect(guardIncomingRequest({ method: 'TRACE', url: '/api/v10', headers: {} }).method).toBe('TRACE');
  });

  it('HEAD is GET without the body: same status, headers and request id', async () => {
    const head = await callApi('HEAD', '/api/v1/me');
    expect(head.status).toBe(401);
    expect(head.body).toEqual({});
    expect(head.contentType).toBe('application/problem+json');
    expect(head.headers.get('x-request-id')).toMatch(/^req_/);
    const unknown = await callApi('HEAD', '/api/v1/no/such');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({});
  });
});
