import { describe, expect, it } from 'vitest';
import { callApi } from '../support/api-client';

describe('GET /api/v1/openapi.json', () => {
  it('documents every route, its scope, parameters, body and problems, from the routes’ own schemas', async () => {
    const { status, body } = await callApi('GET', '/api/v1/openapi.json');
    expect(status).toBe(200);
    const doc = body as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>>; components: { securitySchemes: object } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/docs',
      '/docs/{slug}',
      '/endpoints',
      '/graphql',
      '/graphql/schema.graphql',
      '/keys',
      '/keys/verify',
      '/keys/{id}',
      '/keys/{id}/rotate',
      '/me',
      '/openapi.json',
      '/secrets',
      '/usage',
      '/verifier/changes',
      '/verifier/leases',
      '/verifier/snapshot',
      '/verifier/usage',
    ]);
    expect(Object.keys(doc.paths['/keys']!).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/keys']!.post).toMatchObject({
      'x-required-scope': 'keys:write',
      requestBody: { content: { 'application/json': { schema: { properties: { environment: { enum: ['test', 'live'] } } } } } },
      responses: { '201': {}, '400': {}, '401': {}, '429': {} },
    });
    expect(doc.paths['/keys/{id}/rotate']!.post).toMatchObject({ parameters: [{ name: 'id', in: 'path', required: true }] });
    expect(doc.paths['/me']!.get).toMatchObject({ security: [{ bearerKey: [] }, { apiKeyHeader: [] }] });
    expect(doc.paths['/openapi.json']!.get).toMatchObject({ security: [] });
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['bearerKey', 'apiKeyHeader']);
  });
});
