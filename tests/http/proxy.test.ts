import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import proxy from '@/proxy';

const request = (path: string, cookie?: string) => new NextRequest(`http://portal.test${path}`, { headers: cookie ? { cookie } : {} });

describe('proxy.ts', () => {
  it('sends a visitor without a session cookie to the sign-in page, remembering where they were going', () => {
    const response = proxy(request('/keys?status=active'));
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('http://portal.test/login?callbackUrl=%2Fkeys%3Fstatus%3Dactive');
  });

  it('lets a request with a session cookie through without touching cookies (a sign-out must stay signed out)', () => {
    for (const cookie of ['authjs.session-token=abc', '__Secure-authjs.session-token=abc', '__Secure-authjs.session-token.0=abc']) {
      const response = proxy(request('/organization', cookie));
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('lets a visitor without an account read the docs, their Markdown, /llms.txt and the reference, but not manage docs', () => {
    for (const path of ['/docs', '/docs?version=v1', '/docs/v1/quickstart', '/docs/v1/quickstart.md', '/llms.txt', '/reference']) {
      expect(proxy(request(path)).headers.get('location'), path).toBeNull();
    }
    for (const path of ['/docs/manage', '/docs/manage/new', '/referencex', '/docsx']) {
      expect(proxy(request(path)).status, path).toBe(307);
    }
  });
});
