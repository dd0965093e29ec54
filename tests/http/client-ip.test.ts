import { afterEach, describe, expect, it } from 'vitest';
import { clientIp } from '@/lib/http/client-ip';

// The header as scripts/serve.mjs leaves it: its last entry is always the connection's own address.
const headers = (xff?: string) => new Headers(xff ? { 'x-forwarded-for': xff } : {});

describe('clientIp', () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY_HOPS;
  });

  it('without a trusted proxy, is the connection’s address', () => {
    expect(clientIp(headers('203.0.113.9'))).toBe('203.0.113.9');
    expect(clientIp(headers('::ffff:127.0.0.1'))).toBe('127.0.0.1');
    expect(clientIp(headers())).toBe('unknown');
  });

  it('behind N trusted proxies, is the address the outermost one saw, whatever the client made up', () => {
    process.env.TRUST_PROXY_HOPS = '1';
    // client claimed 1.1.1.1; the proxy appended the client's real 203.0.113.9; serve.mjs appended the proxy.
    expect(clientIp(headers('1.1.1.1, 203.0.113.9, 10.0.0.2'))).toBe('203.0.113.9');
    process.env.TRUST_PROXY_HOPS = '2';
    expect(clientIp(headers('1.1.1.1, 203.0.113.9, 10.0.0.3, 10.0.0.2'))).toBe('203.0.113.9');
  });
});
