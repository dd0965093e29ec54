import http from 'node:http';
import { expect, test } from './fixtures';
import { demo, signIn } from './support';

// Issue 12 item 4 against the real server (scripts/serve.mjs + next start): bad input is a 4xx, never a
// 500. The in-process corpus is tests/security/bad-input-corpus.test.ts; this checks what only the
// server shows: methods Next.js answers before any route handler, and its server-action CSRF check.

const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';

/** A raw request: Playwright's and fetch's clients refuse some methods (TRACE). */
function raw(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, baseURL), { method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

test.describe('bad input', () => {
  test('/api/v1 answers HEAD, OPTIONS, TRACE and other methods with a request id, never a 500', async () => {
    for (const path of ['/api/v1/me', '/api/v1/keys', '/api/v1/keys/verify', '/api/v1/no/such/route']) {
      const head = await raw('HEAD', path);
      expect(head.status, `HEAD ${path}`).toBeLessThan(500);
      expect(head.headers['x-request-id'], `HEAD ${path}`).toMatch(/^req_/);
      expect(head.body).toBe('');

      const options = await raw('OPTIONS', path);
      expect(options.status, `OPTIONS ${path}`).toBeLessThan(500);
      expect(options.headers['x-request-id'], `OPTIONS ${path}`).toMatch(/^req_/);

      for (const method of ['TRACE', 'PROPFIND', 'PURGE']) {
        const answer = await raw(method, path);
        expect(answer.status, `${method} ${path}`).toBe(path.includes('no/such') ? 404 : 405);
        expect(answer.headers['content-type']).toBe('application/problem+json');
        expect(answer.headers['x-request-id']).toMatch(/^req_/);
        if (answer.status === 405) expect(answer.headers.allow).toContain('OPTIONS');
      }
    }
    const options = await raw('OPTIONS', '/api/v1/keys');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
  });

  test('a server action posted from another origin is a 403, from the same origin it reaches Next.js', async () => {
    const action = { 'next-action': '7f'.repeat(21), 'content-type': 'text/plain;charset=UTF-8' };
    const foreign = await raw('POST', '/login', { ...action, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const garbage = await raw('POST', '/login', { ...action, origin: 'not a url' });
    expect(garbage.status).toBe(403);
    const form = await raw('POST', '/login', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' });
    expect(form.status).toBe(403);
    // Same origin: Next.js answers an unknown action itself (not a 403 from us, and not a 500).
    const same = await raw('POST', '/login', { ...action, origin: new URL(baseURL).origin });
    expect(same.status).not.toBe(403);
    expect(same.status).toBeLessThan(500);
  });

  test('portal filters with NUL bytes and impossible dates show a page, not a 500', async ({ page, consoleGuard }) => {
    // An organization id that cannot exist is a not-found page (Chromium logs its 404); anything else must be clean.
    consoleGuard.allow(/status of 404/);
    await signIn(page, demo.admin);
    for (const path of [
      '/keys?q=%00',
      '/audit?actor=%00',
      '/audit?from=0000-01-01',
      '/usage/requests?key=%00',
      '/usage/requests?from=0000-01-01',
      '/partners?q=%00',
      '/users?q=%00',
      '/catalog?q=%00',
      '/alerts?partner=%00',
      '/usage?org=%00',
      '/usage?range=custom&from=0000-01-01&to=0000-01-02',
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBeLessThan(500);
    }
    const csv = await page.request.get('/audit/export?q=%00');
    expect(csv.status()).toBe(200);
  });
});
