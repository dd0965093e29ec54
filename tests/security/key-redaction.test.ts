import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { defineApiRoute } from '@/lib/api/define-api-route';
import type { AnyApiRouteSpec } from '@/lib/api/api-route-spec';
import { loadLiveSnapshot, subscribeLive, type LiveEvent } from '@/lib/usage/live';
import { flushMetering } from '@/lib/usage/metering-buffer';
import { redactApiKeys } from '@/lib/usage/redact-keys';
import { callApi } from '../support/api-client';
import { dumpDatabase } from '../support/dump-database';
import { createOrg } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';

/**
 * Issue 12 C: a caller who puts a key in a URL or a user agent must not get it stored in request logs,
 * shown in the live view or printed in the server log. Whatever parses as a key (valid or not, cut or
 * not, percent-encoded or not) keeps only the display prefix the portal shows.
 */

afterEach(() => vi.restoreAllMocks());

function captureConsole(): string[] {
  const logged: string[] = [];
  const capture = (...args: unknown[]) =>
    void logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation(capture);
  return logged;
}

/** A route handler called with headers of our choosing (the API client fixes the user agent). */
async function callWithUserAgent(path: string, key: string, userAgent: string) {
  const route = (await import('@/app/api/v1/me/route')) as unknown as Record<string, (r: Request, c: unknown) => Promise<Response>>;
  const response = await route.GET!(
    new Request(new URL(path, 'http://portal.test'), {
      headers: { authorization: `Bearer ${key}`, 'user-agent': userAgent, 'x-forwarded-for': '198.51.100.10' },
    }),
    { params: Promise.resolve({}) },
  );
  await response.text();
  return response.status;
}

const percentEncoded = (secret: string) =>
  secret
    .split('')
    .map((c, i) => (c === '_' || i % 3 === 0 ? `%${c.charCodeAt(0).toString(16).toUpperCase()}` : c))
    .join('');

describe('API keys in URLs and user agents', () => {
  it('are redacted before the buffer: not in any table, the live view or the server log', async () => {
    const logged = captureConsole();
    const org = await createOrg();
    const caller = await issueKey(org.id, { scopes: ['keys:write'], rateLimitPerMinute: 100_000 });
    const leaked = await Promise.all([issueKey(org.id), issueKey(org.id), issueKey(org.id), issueKey(org.id), issueKey(org.id)]);
    const secrets = leaked.map((k) => k.secret);
    const made = `pp_live_${'Zx9'.repeat(10)}`; // not checksum-valid: still redacted

    const events: LiveEvent[] = [];
    const stop = subscribeLive({ partnerId: org.id }, (batch) => events.push(...batch.events), { tickMs: 5 });
    try {
      // In the path (the key as the id to delete), literal and percent-encoded.
      expect((await callApi('DELETE', `/api/v1/keys/${secrets[0]}`, { key: caller.secret })).status).toBeGreaterThanOrEqual(400);
      expect((await callApi('DELETE', `/api/v1/keys/${percentEncoded(secrets[1]!)}`, { key: caller.secret })).status).toBeGreaterThanOrEqual(400);
      expect((await callApi('DELETE', `/api/v1/keys/${made}`, { key: caller.secret })).status).toBeGreaterThanOrEqual(400);
      // In the query string and in the user agent.
      expect((await callApi('GET', `/api/v1/me?api_key=${secrets[2]}&x=${encodeURIComponent(secrets[3]!)}`, { key: caller.secret })).status).toBe(200);
      expect(await callWithUserAgent('/api/v1/me', caller.secret, `deploy-bot/1.0 (key ${secrets[4]}; ${made.slice(0, 20)})`)).toBe(200);

      // The live view of requests still in the buffer.
      const buffered = await loadLiveSnapshot(db, { partnerId: org.id });
      await new Promise((r) => setTimeout(r, 50));
      await flushMetering({ untilEmpty: true });
      const stored = await loadLiveSnapshot(db, { partnerId: org.id });

      // The server log of an API route whose error message carries the URL.
      const spec = {
        method: 'GET',
        path: '/redaction-probe',
        tag: 'Test',
        summary: 'probe',
        access: 'public',
        response: { status: 200, description: 'never' },
        handler: ({ request }: { request: Request }) => {
          throw new Error(`failed on ${request.url}`, { cause: { query: `select … where id = '${secrets[0]}'` } });
        },
      } as unknown as AnyApiRouteSpec;
      const probe = defineApiRoute(spec);
      expect((await probe(new Request(`http://portal.test/api/v1/redaction-probe?key=${secrets[1]}`), { params: Promise.resolve({}) })).status).toBe(500);

      const dump = await dumpDatabase();
      const live = JSON.stringify([events, buffered, stored]);
      const log = logged.join('\n');
      for (const secret of [...secrets, made]) {
        const tail = secret.slice(14); // what comes after the display prefix
        expect(dump, secret).not.toContain(tail.slice(0, 10));
        expect(live, secret).not.toContain(tail.slice(0, 10));
        expect(log, secret).not.toContain(tail.slice(0, 10));
      }
      expect(dump).toContain('/api/v1/keys/pp_test_'); // the requests are there, with their prefix
      expect(dump).toContain('[redacted]');
      expect(events.length).toBeGreaterThanOrEqual(5);
      expect(log).toContain('[redacted]');
    } finally {
      stop();
    }
  });

  it('redacts every spelling of a key, and leaves the rest alone', () => {
    const key = 'pp_test_AbC123xyzXYZ0123456789abcdefAB';
    expect(redactApiKeys(`/api/v1/keys/${key}`)).toBe('/api/v1/keys/pp_test_AbC123…[redacted]');
    expect(redactApiKeys(`/x?k=${key.replace(/_/g, '%5F')}&y=1`)).toBe('/x?k=pp_test_AbC123…[redacted]&y=1');
    expect(redactApiKeys(`/x?k=${key.replace(/_/g, '%255F')}`)).toBe('/x?k=pp_test_AbC123…[redacted]');
    expect(redactApiKeys('%70%70%5F%6C%69%76%65%5FAbC123xyzXY')).toBe('pp_live_AbC123…[redacted]');
    expect(redactApiKeys('PP_LIVE_AbC123x')).toBe('PP_LIVE_AbC123…[redacted]');
    expect(redactApiKeys(`ua key_${key}_tail`)).toBe('ua key_pp_test_AbC123…[redacted]_tail');
    // The display prefix alone is what the portal shows anyway; other text is untouched.
    for (const text of ['pp_test_AbC123', '/api/v1/keys/key_abc', '100%', '/a%2Fb', 'pp_prod_AbC123xyzXYZ', 'pp_test_AbC123…[redacted]'])
      expect(redactApiKeys(text)).toBe(text);
  });
});
