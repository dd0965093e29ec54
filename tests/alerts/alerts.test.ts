import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, usageLogs } from '@/db/schema';
import { executeAction } from '@/lib/actions/execute-action';
import { evaluateAlerts, type EvaluationResult } from '@/lib/alerts/evaluate-alerts';
import { listAlerts } from '@/lib/alerts/list-alerts';
import { saveWebhookSpec, sendTestAlertSpec } from '@/lib/alerts/webhook-settings';
import { NotFoundError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { actorOf, createCast, createOrg, createUser, testMeta } from '../support/fixtures';
import { issueKey } from '../support/key-fixtures';
import { tenantOf } from '@/lib/auth/tenant';

const MIN = 60_000;
const NOW = Date.UTC(2032, 2, 15, 12, 0, 30);

async function usage(partnerId: string, apiKeyId: string, at: number, requestCount: number, statusCode = 200, billable = requestCount) {
  await db.insert(usageLogs).values({
    id: newId('use'),
    partnerId,
    apiKeyId,
    endpoint: '/api/v1/me',
    method: 'GET',
    statusCode,
    occurredAt: new Date(Math.floor(at / MIN) * MIN),
    requestCount,
    billableCount: billable,
  });
}

// Organization-level alerts as their kind; a key's as `kind:key`.
const label = (a: { kind: string; apiKeyId: string | null }) => (a.apiKeyId && !a.kind.startsWith('quota') ? `${a.kind}:key` : a.kind);
const of = (result: EvaluationResult, partnerId: string) => ({
  raised: result.raised
    .filter((a) => a.partnerId === partnerId)
    .map(label)
    .sort(),
  resolved: result.resolved
    .filter((a) => a.partnerId === partnerId)
    .map(label)
    .sort(),
});

interface Received {
  body: string;
  headers: http.IncomingHttpHeaders;
}
const received: Received[] = [];
let server: http.Server;
let hookUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ body, headers: req.headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`;
});

afterAll(async () => {
  delete process.env.ALERT_WEBHOOK_ALLOW_HTTP;
  delete process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS;
  await new Promise((resolve) => server.close(resolve));
});

describe('alert evaluation', () => {
  it('a traffic spike raises once and resolves when traffic is back to normal', async () => {
    const org = await createOrg();
    const key = (await issueKey(org.id, { rateLimitPerMinute: 100_000 })).key;
    // The trailing hour: 2 requests a minute (10 per 5 minutes); the last 5 minutes: 40 a minute.
    for (let m = 6; m <= 65; m++) await usage(org.id, key.id, NOW - m * MIN, 2);
    for (let m = 0; m <= 4; m++) await usage(org.id, key.id, NOW - m * MIN, 40);

    // The organization's traffic and its one key's: both spiked.
    expect(of(await evaluateAlerts({ now: NOW }), org.id)).toEqual({ raised: ['traffic_spike', 'traffic_spike:key'], resolved: [] });
    expect(of(await evaluateAlerts({ now: NOW + 30_000 }), org.id)).toEqual({ raised: [], resolved: [] });
    expect(of(await evaluateAlerts({ now: NOW + 10 * MIN }), org.id)).toEqual({ raised: [], resolved: ['traffic_spike', 'traffic_spike:key'] });
  });

  it('a spike of one key among steady others raises for that key only', async () => {
    const org = await createOrg();
    const [steady, spiking] = await Promise.all([issueKey(org.id), issueKey(org.id)]);
    for (let m = 0; m <= 65; m++) await usage(org.id, steady.key.id, NOW - m * MIN, 60);
    for (let m = 6; m <= 65; m++) await usage(org.id, spiking.key.id, NOW - m * MIN, 1);
    for (let m = 0; m <= 4; m++) await usage(org.id, spiking.key.id, NOW - m * MIN, 30);
    const result = await evaluateAlerts({ now: NOW });
    expect(of(result, org.id)).toEqual({ raised: ['traffic_spike:key'], resolved: [] });
    const alert = result.raised.find((a) => a.partnerId === org.id)!;
    expect(alert.apiKeyId).toBe(spiking.key.id);
    expect(alert.message).toContain(spiking.key.tokenPrefix);
  });

  it('no spike below the minimum volume, whatever the factor', async () => {
    const org = await createOrg();
    const key = (await issueKey(org.id)).key;
    for (let m = 0; m <= 4; m++) await usage(org.id, key.id, NOW - m * MIN, 19);
    expect(of(await evaluateAlerts({ now: NOW }), org.id)).toEqual({ raised: [], resolved: [] });
  });

  it('an error rate above 20% over at least 50 requests raises once and resolves', async () => {
    const org = await createOrg();
    const key = (await issueKey(org.id)).key;
    await usage(org.id, key.id, NOW - MIN, 40, 200);
    await usage(org.id, key.id, NOW - MIN, 12, 500);
    await usage(org.id, key.id, NOW - 2 * MIN, 8, 429);

    const raised = await evaluateAlerts({ now: NOW });
    expect(of(raised, org.id)).toEqual({ raised: ['error_rate', 'error_rate:key'], resolved: [] });
    expect(raised.raised.find((a) => a.partnerId === org.id)!.message).toMatch(/33%/);
    expect(of(await evaluateAlerts({ now: NOW + MIN }), org.id)).toEqual({ raised: [], resolved: [] });
    expect(of(await evaluateAlerts({ now: NOW + 10 * MIN }), org.id)).toEqual({ raised: [], resolved: ['error_rate', 'error_rate:key'] });
  });

  it('quota at 80% and 100% per key raise once each, and resolve when the month turns', async () => {
    const org = await createOrg();
    const key = (await issueKey(org.id, { monthlyQuota: 100 })).key;
    const other = (await issueKey(org.id, { monthlyQuota: 1000 })).key;
    await usage(org.id, key.id, Date.UTC(2032, 2, 2), 85);
    await usage(org.id, other.id, Date.UTC(2032, 2, 2), 85);
    // Last month's requests do not count.
    await usage(org.id, other.id, Date.UTC(2032, 1, 20), 900);

    const first = await evaluateAlerts({ now: NOW });
    expect(of(first, org.id)).toEqual({ raised: ['quota_80'], resolved: [] });
    expect(first.raised.find((a) => a.partnerId === org.id)!.apiKeyId).toBe(key.id);

    await usage(org.id, key.id, Date.UTC(2032, 2, 3), 15);
    expect(of(await evaluateAlerts({ now: NOW }), org.id)).toEqual({ raised: ['quota_100'], resolved: [] });
    expect(of(await evaluateAlerts({ now: NOW + MIN }), org.id)).toEqual({ raised: [], resolved: [] });
    expect(of(await evaluateAlerts({ now: Date.UTC(2032, 3, 1, 0, 1) }), org.id)).toEqual({ raised: [], resolved: ['quota_100', 'quota_80'] });
  });
});

describe('alert webhooks', () => {
  it('refuses a URL that is not https when saving', async () => {
    delete process.env.ALERT_WEBHOOK_ALLOW_HTTP;
    const cast = await createCast();
    for (const url of ['http://example.com/hook', 'ftp://example.com/hook', 'not a url', 'http://127.0.0.1:9/hook']) {
      const { result } = await executeAction(saveWebhookSpec, { url }, { actor: cast.partnerAdmin, meta: testMeta });
      expect(result, url).toMatchObject({ ok: false, fieldErrors: { url: ['Enter an address starting with https://'] } });
    }
    const saved = await executeAction(saveWebhookSpec, { url: 'https://hooks.example.com/portal' }, { actor: cast.partnerAdmin, meta: testMeta });
    expect(saved.result).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/) } });
    // Only a partner_admin of the organization (or staff naming it).
    expect((await executeAction(saveWebhookSpec, { url: 'https://x.example.com' }, { actor: cast.developer, meta: testMeta })).result).toMatchObject({
      ok: false,
    });
    const other = await createOrg();
    expect(
      (await executeAction(saveWebhookSpec, { url: 'https://x.example.com', partnerId: other.id }, { actor: cast.partnerAdmin, meta: testMeta })).result,
    ).toMatchObject({ ok: false, error: 'Not found' });

    const [audit] = await db
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.partnerId, cast.org.id), eq(auditLogs.action, 'alert.webhook_update')));
    expect(audit).toMatchObject({ actorId: cast.partnerAdmin.userId, ip: testMeta.ip });
    expect(JSON.stringify(audit!.metadata)).not.toContain('whsec_');
  });

  it('POSTs raised and resolved alerts signed with HMAC-SHA256 of the raw body', async () => {
    process.env.ALERT_WEBHOOK_ALLOW_HTTP = '1';
    // The receiver is on 127.0.0.1: a private destination, refused unless allowed.
    process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS = 'true';
    const cast = await createCast();
    const saved = await executeAction(saveWebhookSpec, { url: hookUrl }, { actor: cast.partnerAdmin, meta: testMeta });
    expect(saved.result.ok).toBe(true);
    const secret = (saved.result as { data: { secret: string } }).data.secret;

    received.length = 0;
    const test = await executeAction(sendTestAlertSpec, {}, { actor: cast.partnerAdmin, meta: testMeta });
    expect(test.result).toMatchObject({ ok: true, message: 'The test alert was delivered (HTTP 204).' });
    expect(JSON.parse(received[0]!.body)).toMatchObject({ kind: 'test', partnerId: cast.org.id });

    const key = (await issueKey(cast.org.id, { monthlyQuota: 10 })).key;
    await usage(cast.org.id, key.id, NOW - MIN, 10);
    received.length = 0;
    await evaluateAlerts({ now: NOW });
    await evaluateAlerts({ now: Date.UTC(2032, 3, 1, 0, 1) });

    const bodies = received.map((r) => {
      const expected = `sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`;
      expect(r.headers['x-partner-portal-signature']).toBe(expected);
      expect(r.headers['content-type']).toBe('application/json');
      expect(Number(r.headers['x-partner-portal-timestamp'])).toBeGreaterThan(1_700_000_000);
      return JSON.parse(r.body) as Record<string, unknown>;
    });
    const ours = bodies.filter((b) => b.partnerId === cast.org.id);
    expect(ours.map((b) => `${String(b.kind)} ${b.resolvedAt ? 'resolved' : 'raised'}`).sort()).toEqual([
      'quota_100 raised',
      'quota_100 resolved',
      'quota_80 raised',
      'quota_80 resolved',
    ]);
    expect(Object.keys(ours[0]!).sort()).toEqual(['apiKeyId', 'id', 'kind', 'message', 'partnerId', 'resolvedAt', 'triggeredAt']);
    expect(ours[0]).toMatchObject({ apiKeyId: key.id, triggeredAt: new Date(NOW).toISOString() });
    // Another organization's alerts never go to this webhook.
    expect(bodies.every((b) => b.partnerId === cast.org.id)).toBe(true);
  });

  it('a failing endpoint is logged, never thrown', async () => {
    process.env.ALERT_WEBHOOK_ALLOW_HTTP = '1';
    // The receiver is on 127.0.0.1: a private destination, refused unless allowed.
    process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS = 'true';
    const cast = await createCast();
    await executeAction(saveWebhookSpec, { url: 'http://127.0.0.1:9/closed' }, { actor: cast.partnerAdmin, meta: testMeta });
    const key = (await issueKey(cast.org.id, { monthlyQuota: 10 })).key;
    await usage(cast.org.id, key.id, NOW - MIN, 9);
    const result = await evaluateAlerts({ now: NOW });
    expect(of(result, cast.org.id).raised).toEqual(['quota_80']);
    const test = await executeAction(sendTestAlertSpec, {}, { actor: cast.partnerAdmin, meta: testMeta });
    expect(test.result).toMatchObject({ ok: false, error: expect.stringMatching(/not delivered/) });
  });
});

describe('who sees alerts', () => {
  it('a partner never reads another organization’s alerts; staff see all or filter', async () => {
    const cast = await createCast();
    const other = await createOrg();
    const otherDev = await actorOf((await createUser({ org: { id: other.id, role: 'developer' } })).id);
    const k1 = (await issueKey(cast.org.id, { monthlyQuota: 10 })).key;
    const k2 = (await issueKey(other.id, { monthlyQuota: 10 })).key;
    await usage(cast.org.id, k1.id, NOW - MIN, 10);
    await usage(other.id, k2.id, NOW - MIN, 10);
    await evaluateAlerts({ now: NOW });
    const query = { page: 1, pageSize: 100, sort: 'triggered' as const, direction: 'desc' as const, q: '' };

    const own = await listAlerts(tenantOf(cast.developer), query);
    expect(own.rows.length).toBeGreaterThan(0);
    expect(own.rows.every((a) => a.partnerId === cast.org.id)).toBe(true);
    expect((await listAlerts(tenantOf(otherDev), query)).rows.every((a) => a.partnerId === other.id)).toBe(true);
    await expect(listAlerts(tenantOf(cast.partnerAdmin), { ...query, partner: other.id })).rejects.toBeInstanceOf(NotFoundError);
    const filtered = await listAlerts(tenantOf(cast.support), { ...query, partner: other.id, state: 'open', kind: 'quota_100' });
    expect(filtered.rows.map((a) => [a.partnerId, a.kind])).toEqual([[other.id, 'quota_100']]);
    const all = new Set((await listAlerts(tenantOf(cast.admin), query)).rows.map((a) => a.partnerId));
    expect(all.has(cast.org.id) && all.has(other.id)).toBe(true);
  });
});
