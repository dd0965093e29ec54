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
});
