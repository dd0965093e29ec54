import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db';
import { auditLogs, requestLogs } from '@/db/schema';
import { portalOpenApiDocument } from '@/lib/api/portal-openapi-document';
import { mockAnswer, type PlaygroundDocument } from '@/lib/api/playground';
import { PLAYGROUND_REQUESTS_PER_MINUTE, takePlaygroundRequest } from '@/lib/api/playground-rate-limit';
import { apiRoutes } from '@/lib/api/routes';

describe('the playground', () => {
  it('answers every operation of the document with a body shaped by its success schema, touching no table', async () => {
    const document = (await portalOpenApiDocument(apiRoutes)) as unknown as PlaygroundDocument;
    const before = { audit: (await db.select({ n: count() }).from(auditLogs))[0]?.n, logs: (await db.select({ n: count() }).from(requestLogs))[0]?.n };
    const me = mockAnswer(document, 'GET', '/me');
    expect(me?.status).toBe(200);
    expect(me?.body).toMatchObject({ key: expect.any(Object) });
    // A literal path wins over a template: /keys/verify is not /keys/{id}.
    expect(mockAnswer(document, 'POST', '/keys/verify')?.operationId).toMatch(/verify/i);
    expect(mockAnswer(document, 'DELETE', '/keys/key_123')).not.toBeNull();
    expect(mockAnswer(document, 'GET', '/nothing-here')).toBeNull();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of Object.keys(item).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))) {
        const concrete = path.replace(/\{[^}]+\}/g, 'x1');
        expect(mockAnswer(document, method.toUpperCase(), concrete), `${method} ${path}`).not.toBeNull();
      }
    }
    expect({ audit: (await db.select({ n: count() }).from(auditLogs))[0]?.n, logs: (await db.select({ n: count() }).from(requestLogs))[0]?.n }).toEqual(before);
  });

  it('limits each address, not everyone', () => {
    const now = Date.now();
    for (let i = 0; i < PLAYGROUND_REQUESTS_PER_MINUTE; i++) expect(takePlaygroundRequest('192.0.2.50', now).ok).toBe(true);
    const refused = takePlaygroundRequest('192.0.2.50', now);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? 0 : refused.retryAfter).toBeGreaterThan(0);
    expect(takePlaygroundRequest('192.0.2.51', now).ok).toBe(true);
    expect(takePlaygroundRequest('192.0.2.50', now + 61_000).ok).toBe(true);
  });
});
