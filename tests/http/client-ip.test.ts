import { afterEach, describe, expect, it } from 'vitest';
import { clientIp } from '@/lib/http/client-ip';

const headers = (xff?: string) => new Headers(xff ? { 'x-forwarded-for': xff } : {});

describe('clientIp', () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY_HOPS;
  });

  it('uses the address Next.js recorded when no proxy is trusted', () => {
    expect(clientIp(headers('203.0.113.9'))).toBe('203.0.113.9');
    expect(clientIp(headers('::ffff:127.0.0.1'))).toBe('127.0.0.1');
    expect(clientIp(headers())).toBe('unknown');
  });

  it('behind N trusted proxies, takes the Nth address from the right, ignoring what the client made up', () => {
    process.env.TRUST_PROXY_HOPS = '1';
    expect(clientIp(headers('1.1.1.1, 203.0.113.9'))).toBe('203.0.113.9');
    process.env.TRUST_PROXY_HOPS = '2';
    expect(clientIp(headers('1.1.1.1, 203.0.113.9, 10.0.0.2'))).toBe('203.0.113.9');
  });
});
