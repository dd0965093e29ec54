import dns from 'node:dns';
import http from 'node:http';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { executeAction } from '@/lib/actions/execute-action';
import { postWebhook, type AlertPayload } from '@/lib/alerts/deliver-webhook';
import { saveWebhookSpec, sendTestAlertSpec } from '@/lib/alerts/webhook-settings';
import { guardedLookup, type Resolver } from '@/lib/net/guarded-request';
import { isPublicAddress } from '@/lib/net/public-address';
import { createCast, testMeta } from '../support/fixtures';

/**
 * Issue 12 A: the alert webhook must never reach a non-public address, whatever the spelling, whatever a
 * name resolves to at connection time, and "Send test alert" must not tell an open port from a closed
 * one. All traffic here stays on 127.0.0.1: DNS is stubbed (no query leaves the machine), and the
 * "public" answers are documentation addresses that are checked, never connected to.
 */

// A plain TCP/HTTP server on 127.0.0.1 that counts every connection: a refused delivery never reaches it.
let connections = 0;
const received: string[] = [];
let server: http.Server;
let port: number;
// Accepts and never answers (for the timeout case).
let silent: http.Server;
let silentPort: number;
const silentSockets = new Set<Socket>();
// Redirects to `server`.
let redirector: http.Server;
let redirectorPort: number;

async function listen(s: http.Server): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
}

// Stubbed DNS: names of this test resolve as the table says, anything else is "not found". No real query.
const zone = new Map<string, () => string[]>();
const lookups: string[] = [];
const fakeLookup = ((hostname: string, options: unknown, callback: unknown) => {
  const cb = (typeof options === 'function' ? options : callback) as (e: NodeJS.ErrnoException | null, a: unknown, f?: number) => void;
  const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
  lookups.push(hostname);
  const name = hostname.toLowerCase();
  const answer = zone.get(name)?.() ?? (name === 'localhost' ? ['127.0.0.1'] : isIP(name) ? [name] : null);
  setImmediate(() => {
    if (!answer) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), all ? [] : undefined);
    const list = answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (all) cb(null, list);
    else cb(null, list[0]!.address, list[0]!.family);
  });
}) as unknown as typeof dns.lookup;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push(body);
      res.writeHead(204).end();
    });
  });
  server.on('connection', () => connections++);
  port = await listen(server);
  silent = http.createServer(() => {});
  silent.on('connection', (s) => silentSockets.add(s));
  silentPort = await listen(silent);
  redirector = http.createServer((_req, res) => res.writeHead(307, { location: `http://127.0.0.1:${port}/moved` }).end());
  redirectorPort = await listen(redirector);
});

afterAll(async () => {
  for (const s of silentSockets) s.destroy();
  await Promise.all([server, silent, redirector].map((s) => new Promise((resolve) => s.close(resolve))));
});

let warnings: string[];
beforeEach(() => {
  connections = 0;
  received.length = 0;
  lookups.length = 0;
  zone.clear();
  warnings = [];
  vi.spyOn(dns, 'lookup').mockImplementation(fakeLookup);
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
  delete process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS;
  delete process.env.ALERT_WEBHOOK_ALLOW_HTTP;
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS;
  delete process.env.ALERT_WEBHOOK_ALLOW_HTTP;
});

const payload: AlertPayload = {
  id: 'alr_test',
  kind: 'test',
  partnerId: 'org_ssrf',
  apiKeyId: null,
  message: 'ssrf probe',
  triggeredAt: new Date(0).toISOString(),
  resolvedAt: null,
};

// Every spelling of a loopback (or other non-public) destination, pointed at the counting server's port.
const spellings = [
  '127.0.0.1',
  'localhost',
  'LOCALHOST',
  'localhost.',
  'api.localhost',
  '2130706433',
  '0x7f.1',
  '0177.0.0.1',
  '017700000001',
  '127.1',
  '0',
  '0.0.0.0',
  '[::ffff:7f00:1]',
  '[::ffff:127.0.0.1]',
  '[::1]',
  '[::]',
  '[::127.0.0.1]',
  '[64:ff9b::7f00:1]',
  '[::ffff:0:7f00:1]',
  '169.254.169.254',
  '[::ffff:a9fe:a9fe]',
  '10.0.0.1',
  '172.16.0.1',
  '192.168.0.1',
  '100.64.0.1',
  '[fd00::1]',
  '[fe80::1]',
];

describe('alert webhook destinations (SSRF)', () => {
  it.each(spellings)('refuses %s at connection time: the local server is never reached', async (host) => {
    const outcome = await postWebhook(`https://${host}:${port}/hook`, 'whsec_x', payload);
    expect(outcome).toEqual({ ok: false, reason: 'The endpoint could not be reached.' });
    expect(connections).toBe(0);
    expect(warnings.join('\n')).toMatch(/is not a public address/);
  });

  it('refuses a name that resolves to a loopback address, checked on the address connected to', async () => {
    zone.set('hooks.partner.example', () => ['127.0.0.1']);
    const outcome = await postWebhook(`https://hooks.partner.example:${port}/hook`, 'whsec_x', payload);
    expect(outcome).toMatchObject({ ok: false });
    expect(lookups).toContain('hooks.partner.example');
    expect(connections).toBe(0);
    expect(warnings.join('\n')).toMatch(/hooks\.partner\.example \(127\.0\.0\.1\) is not a public address/);
  });

  it('DNS rebinding: a name that was public when checked and is loopback when connecting is refused', async () => {
    let calls = 0;
    // First answer public (what a check at save time would have seen), then 127.0.0.1.
    zone.set('rebind.partner.example', () => (calls++ === 0 ? ['203.0.113.10'] : ['127.0.0.1']));
    const early = await new Promise<string>((resolve, reject) =>
      dns.lookup('rebind.partner.example', (error, address) => (error ? reject(error) : resolve(address))),
    );
    expect(early).toBe('203.0.113.10');
    const outcome = await postWebhook(`https://rebind.partner.example:${port}/hook`, 'whsec_x', payload);
    expect(outcome).toMatchObject({ ok: false });
    expect(calls).toBe(2);
    expect(connections).toBe(0);
  });

  it('refuses a name with any non-public answer among public ones (the connection might pick it)', async () => {
    zone.set('mixed.partner.example', () => ['203.0.113.10', '127.0.0.1']);
    const outcome = await postWebhook(`https://mixed.partner.example:${port}/hook`, 'whsec_x', payload);
    expect(outcome).toMatchObject({ ok: false });
    expect(connections).toBe(0);
  });

  it('the lookup hook passes public answers through and refuses the rest (no connection made)', async () => {
    const resolver =
      (addresses: string[]): Resolver =>
      (_h, _o, cb) =>
        cb(
          null,
          addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
        );
    const run = (addresses: string[], all: boolean) =>
      new Promise<{ error: Error | null; address: unknown }>((resolve) =>
        guardedLookup(resolver(addresses))('hooks.partner.example', { all }, (error, address) => resolve({ error, address })),
      );
    expect(await run(['203.0.113.10'], false)).toEqual({ error: null, address: '203.0.113.10' });
    expect((await run(['203.0.113.10', '2001:db8::10'], true)).address).toHaveLength(2);
    for (const bad of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '::1', '::ffff:127.0.0.1', 'fe80::1', '64:ff9b::a00:1'])
      expect((await run(['203.0.113.10', bad], true)).error?.name, bad).toBe('BlockedDestinationError');
  });

  it('classifies every non-public range', () => {
    for (const ip of [
      '0.0.0.0',
      '0.1.2.3',
      '10.255.255.255',
      '100.64.0.0',
      '100.127.255.255',
      '127.255.0.1',
      '169.254.169.254',
      '172.16.0.0',
      '172.31.255.255',
      '192.0.0.8',
      '192.168.255.255',
      '198.18.0.1',
      '224.0.0.251',
      '239.255.255.250',
      '240.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      '::ffff:10.0.0.1',
      '::ffff:a9fe:a9fe',
      '::a00:1',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b:1::1',
      '2002:a00:1::',
      '2001::1',
      'fc00::1',
      'fdff::1',
      'fe80::1',
      'fec0::1',
      'ff02::1',
      '100::1',
      'not-an-ip',
      '',
    ])
      expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of [
      '8.8.8.8',
      '1.1.1.1',
      '100.63.255.255',
      '100.128.0.0',
      '172.15.255.255',
      '172.32.0.0',
      '203.0.113.10',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
    ])
      expect(isPublicAddress(ip), ip).toBe(true);
  });

  it('does not follow a redirect (even where private destinations are allowed)', async () => {
    process.env.ALERT_WEBHOOK_ALLOW_HTTP = '1';
    process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS = 'true';
    const outcome = await postWebhook(`http://127.0.0.1:${redirectorPort}/hook`, 'whsec_x', payload);
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/307/) });
    expect(connections).toBe(0);
    expect(received).toHaveLength(0);
  });

  it('WEBHOOK_ALLOW_PRIVATE_DESTINATIONS=true lets a self-hoster deliver to their own network', async () => {
    process.env.ALERT_WEBHOOK_ALLOW_HTTP = '1';
    expect(await postWebhook(`http://127.0.0.1:${port}/hook`, 'whsec_x', payload)).toMatchObject({ ok: false });
    expect(connections).toBe(0);
    process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS = 'true';
    expect(await postWebhook(`http://127.0.0.1:${port}/hook`, 'whsec_x', payload)).toEqual({ ok: true, status: 204 });
    expect(received).toHaveLength(1);
  });
});

describe('saving and testing the webhook', () => {
  it('refuses a literal non-public host when saving, with a clear form error', async () => {
    const cast = await createCast();
    for (const url of [
      'https://127.0.0.1/hook',
      'https://2130706433/hook',
      'https://0/hook',
      'https://[::ffff:7f00:1]/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.5/hook',
      'https://localhost/hook',
    ]) {
      const { result } = await executeAction(saveWebhookSpec, { url }, { actor: cast.partnerAdmin, meta: testMeta });
      expect(result, url).toMatchObject({ ok: false, fieldErrors: { url: [expect.stringMatching(/private, loopback or reserved network/)] } });
    }
    expect(
      (await executeAction(saveWebhookSpec, { url: 'https://hooks.partner.example/alerts' }, { actor: cast.partnerAdmin, meta: testMeta })).result.ok,
    ).toBe(true);
    process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS = 'true';
    expect((await executeAction(saveWebhookSpec, { url: 'https://10.0.0.5/hook' }, { actor: cast.partnerAdmin, meta: testMeta })).result.ok).toBe(true);
  });

  it('"Send test alert" says the same thing for a blocked address, a closed port, a timeout and a TLS error', async () => {
    const cast = await createCast();
    const closed = http.createServer();
    const closedPort = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));

    const attempt = async (url: string, allowPrivate: boolean) => {
      process.env.ALERT_WEBHOOK_ALLOW_HTTP = '1';
      process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS = 'true'; // to save it (a row from before the rule)
      expect((await executeAction(saveWebhookSpec, { url }, { actor: cast.partnerAdmin, meta: testMeta })).result.ok, url).toBe(true);
      if (!allowPrivate) delete process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS;
      const { result } = await executeAction(sendTestAlertSpec, {}, { actor: cast.partnerAdmin, meta: testMeta });
      return result;
    };
    const blocked = await attempt(`http://127.0.0.1:${port}/hook`, false);
    expect(connections).toBe(0);
    const refused = await attempt(`http://127.0.0.1:${closedPort}/hook`, true);
    const tls = await attempt(`https://127.0.0.1:${port}/hook`, true);
    const timedOut = await attempt(`http://127.0.0.1:${silentPort}/hook`, true);
    expect(blocked).toEqual({ ok: false, error: 'The test alert was not delivered: The endpoint could not be reached.' });
    expect(refused).toEqual(blocked);
    expect(tls).toEqual(blocked);
    expect(timedOut).toEqual(blocked);
    // The detail is for the server log only.
    expect(warnings.join('\n')).toMatch(/ECONNREFUSED/);
  }, 30_000);
});
