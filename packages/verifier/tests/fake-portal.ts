import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { crc32Ascii } from '../src/key-format';
import { credentialPepper, pepperedHash } from '../src/pepper';
import type { Change, SyncedKey, SyncedOrganization } from '../src/types';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A key in the portal's format (pp_<env>_ + 24 random base62 + 6 checksum). */
export function makeRawKey(environment: 'test' | 'live' = 'test'): string {
  let random = '';
  for (const byte of randomBytes(24)) random += BASE62[byte % 62];
  const body = `pp_${environment}_${random}`;
  let n = crc32Ascii(body);
  let checksum = '';
  for (let i = 0; i < 6; i++) {
    checksum = BASE62[n % 62] + checksum;
    n = Math.floor(n / 62);
  }
  return body + checksum;
}

export const CREDENTIAL = makeRawKey('live');

export function organization(over: Partial<SyncedOrganization> = {}): SyncedOrganization {
  return { id: 'org_1', name: 'Acme', slug: 'acme', status: 'active', supportTier: 'standard', keyRateLimitPerMinute: 600, monthlyQuota: 100_000, ...over };
}

export function syncedKey(raw: string, over: Partial<SyncedKey> = {}): SyncedKey {
  return {
    id: `key_${randomBytes(6).toString('hex')}`,
    organizationId: 'org_1',
    hash: pepperedHash(credentialPepper(CREDENTIAL), raw),
    prefix: raw.slice(0, 14),
    name: 'test key',
    environment: 'test',
    scopes: ['catalog:read'],
    isActive: true,
    revokedAt: null,
    expiresAt: null,
    rotatedAt: null,
    rateLimitPerMinute: null,
    monthlyQuota: null,
    ipAllowlist: [],
    ...over,
  };
}

/**
 * A stand-in for the portal's four verifier routes (no database): a snapshot, an SSE stream the test
 * pushes changes into (heartbeats every 200 ms unless paused), usage batches kept as received (and
 * refused while `failUsage` > 0), and leases from a quota per key.
 */
export class FakePortal {
  seq = 0;
  organizations = new Map<string, SyncedOrganization>();
  keys = new Map<string, SyncedKey>();
  streams = new Set<ServerResponse>();
  heartbeats = true;
  usageBatches: { batchId: string; records: { keyId: string; status: number; count: number; billable: number }[] }[] = [];
  failUsage = 0;
  quota = new Map<string, number>();
  leaseRequests = 0;
  snapshotLoads = 0;
  lastEventIds: string[] = [];
  private server: Server;
  private timer: NodeJS.Timeout;
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${CREDENTIAL}`) return void res.writeHead(401).end();
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => this.route(req.method!, req.url!, req.headers['last-event-id'] as string | undefined, body, res));
    });
    this.timer = setInterval(() => {
      if (this.heartbeats) for (const s of this.streams) s.write(`event: heartbeat\ndata: ${JSON.stringify({ seq: this.seq, latest: this.seq })}\n\n`);
    }, 200);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const s of this.streams) s.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private route(method: string, url: string, lastEventId: string | undefined, body: string, res: ServerResponse) {
    const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (url.startsWith('/api/v1/verifier/snapshot')) {
      this.snapshotLoads++;
      return json(200, {
        seq: this.seq,
        generatedAt: new Date().toISOString(),
        organizations: [...this.organizations.values()],
        keys: [...this.keys.values()],
      });
    }
    if (url.startsWith('/api/v1/verifier/changes')) {
      this.lastEventIds.push(lastEventId ?? '');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`retry: 1000\n\n`);
      this.streams.add(res);
      res.on('close', () => this.streams.delete(res));
      return;
    }
    if (url.startsWith('/api/v1/verifier/usage') && method === 'POST') {
      if (this.failUsage > 0) {
        this.failUsage--;
        return json(503, { title: 'down' });
      }
      const batch = JSON.parse(body);
      const known = this.usageBatches.some((b) => b.batchId === batch.batchId);
      if (!known) this.usageBatches.push(batch);
      return json(200, { recorded: !known, requests: 0, ignored: 0 });
    }
    if (url.startsWith('/api/v1/verifier/leases') && method === 'POST') {
      this.leaseRequests++;
      const { request = [], settle = [] } = JSON.parse(body) as {
        request?: { keyId: string; counter: string; units: number }[];
        settle?: { keyId: string; units: number }[];
      };
      for (const s of settle) this.quota.set(s.keyId, (this.quota.get(s.keyId) ?? 0) + s.units);
      const month = new Date().toISOString().slice(0, 7);
      const grants = request.map((r) => {
        const left = this.quota.get(r.keyId) ?? 1_000_000;
        const granted = Math.min(left, r.units);
        this.quota.set(r.keyId, left - granted);
        return { keyId: r.keyId, counter: r.counter, month, granted, remaining: left - granted, resetsAt: '' };
      });
      return json(200, { grants, settled: 0 });
    }
    json(404, {});
  }

  /** Changes the portal's state and streams it (as the change log would). */
  push(change: Change extends infer C ? (C extends Change ? Omit<C, 'seq'> : never) : never): void {
    const seq = ++this.seq;
    this.organizations.set(change.organization.id, change.organization);
    if (change.kind === 'key') this.keys.set(change.key.id, change.key);
    for (const s of this.streams) s.write(`id: ${seq}\nevent: change\ndata: ${JSON.stringify({ ...change, seq })}\n\n`);
  }

  sendReset(): void {
    for (const s of this.streams) s.write(`event: reset\ndata: {}\n\n`);
  }

  dropStreams(): void {
    for (const s of this.streams) s.destroy();
  }

  usageCount(status?: number): number {
    return this.usageBatches.flatMap((b) => b.records).reduce((n, r) => n + (status === undefined || r.status === status ? r.count : 0), 0);
  }
}

export const until = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
