import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseApiRequestBlock } from '@/components/reference/api-request-block';
import { codeSample, sampleLanguages, type SampleRequest } from '@/components/reference/code-samples';

const post: SampleRequest = {
  method: 'POST',
  url: 'https://portal.example/api/v1/keys',
  needsKey: true,
  headers: [['content-type', 'application/json']],
  body: JSON.stringify({ name: "ci's key", environment: 'test', scopes: ['catalog:read'], expiresAt: null, dryRun: false }, null, 2),
};
const get: SampleRequest = { method: 'GET', url: 'https://portal.example/api/v1/me', needsKey: true, headers: [], body: null };

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('code samples', () => {
  it('every language sends the method, the URL, the key from PORTAL_API_KEY and the body', () => {
    for (const { id } of sampleLanguages) {
      for (const request of [post, get]) {
        const code = codeSample(id, request);
        expect(code, id).toContain(request.url);
        expect(code, id).toContain('PORTAL_API_KEY');
        if (request.body) expect(code, id).toContain('catalog:read');
      }
    }
    expect(codeSample('curl', post)).toMatch(/^curl -X POST/);
    expect(codeSample('javascript', post)).toContain("method: 'POST'");
    expect(codeSample('python', post)).toContain('requests.post(');
    expect(codeSample('python', post)).toContain('"expiresAt": None');
    expect(codeSample('go', post)).toContain('http.NewRequest("POST"');
  });

  it('the JavaScript samples parse as a module body', () => {
    for (const request of [post, get]) {
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => unknown;
      expect(() => new AsyncFunction('process', codeSample('javascript', request))).not.toThrow();
    }
  });

  it.skipIf(!hasPython)('the Python samples parse', () => {
    for (const request of [post, get]) {
      execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: codeSample('python', request) });
    }
  });

  it('reads a guide’s ```api-request block', () => {
    expect(parseApiRequestBlock('GET /api/v1/me\n')).toEqual({ method: 'GET', path: '/api/v1/me', body: null });
    expect(parseApiRequestBlock('POST /api/v1/keys\n\n{"name": "x"}')).toEqual({ method: 'POST', path: '/api/v1/keys', body: '{"name": "x"}' });
    expect(parseApiRequestBlock('curl https://x')).toBeNull();
  });
});
