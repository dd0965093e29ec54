import { z } from 'zod';
import { apiScopes } from '@/db/schema';
import type { AnyApiRouteSpec } from './api-route-spec';
import { operationIdOf } from './operation-id';
import { PROBLEM_TYPE_BASE, problemTypes, type ProblemCode } from './problem';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: unknown, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema as z.ZodType, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

const problemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'requestId'],
  properties: {
    type: { type: 'string', description: `A URI reference naming the problem, e.g. \`${PROBLEM_TYPE_BASE}rate-limited\`` },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'object',
      additionalProperties: { type: 'array', items: { type: 'string' } },
      description: 'Field errors, keyed by `body.field`, `query.field` or `path.field`',
    },
  },
};

function problemResponseRef(code: ProblemCode) {
  return { description: problemTypes[code].title, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

function parameters(spec: AnyApiRouteSpec) {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: property,
        ...(property.description ? { description: property.description } : {}),
      });
    }
  }
  return out;
}

/** An endpoint's state in the catalog, when it is not simply active. */
export interface OperationLifecycle {
  status: 'deprecated' | 'retired';
  sunsetAt: number | null;
}
export type LifecycleLookup = (method: string, path: string) => OperationLifecycle | undefined;

function lifecycleFields(lifecycle: OperationLifecycle | undefined) {
  if (!lifecycle) return {};
  return {
    deprecated: true,
    'x-status': lifecycle.status,
    ...(lifecycle.sunsetAt === null ? {} : { 'x-sunset': new Date(lifecycle.sunsetAt).toISOString() }),
  };
}

function operation(spec: AnyApiRouteSpec, lifecycle: OperationLifecycle | undefined) {
  const guarded = spec.access !== 'public';
  const responses: Record<string, unknown> = {
    [spec.response.status]: {
      description: spec.response.description,
      ...(spec.response.schema ? { content: { [spec.response.contentType ?? 'application/json']: { schema: schemaOf(spec.response.schema, 'output') } } } : {}),
    },
  };
  const problems = new Set<ProblemCode>(spec.problems ?? []);
  if (guarded) for (const code of ['unauthorized', 'organization_inactive', 'rate_limited'] as const) problems.add(code);
  if (spec.params || spec.query || spec.body) problems.add('invalid_request');
  if (lifecycle?.status === 'retired') problems.add('gone');
  for (const code of problems) responses[problemTypes[code].status] ??= problemResponseRef(code);
  return {
    operationId: operationIdOf(spec.method, spec.path),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    ...lifecycleFields(lifecycle),
    security: guarded ? [{ bearerKey: [] }, { apiKeyHeader: [] }] : [],
    ...(spec.access !== 'public' && spec.access.scope ? { 'x-required-scope': spec.access.scope } : {}),
    parameters: parameters(spec),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body, 'input') } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of /api/v1, built from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(routes: AnyApiRouteSpec[], options: { serverUrl?: string; lifecycleOf?: LifecycleLookup } = {}) {
  const { serverUrl = '/api/v1', lifecycleOf } = options;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) (paths[spec.path] ??= {})[spec.method.toLowerCase()] = operation(spec, lifecycleOf?.(spec.method, spec.path));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Partner Portal API',
      version: '1.0.0',
      description: `Call with a key in \`Authorization: Bearer <key>\` or \`x-api-key\`. Scopes: ${apiScopes.join(', ')}. Every response carries \`X-Request-Id\`; guarded responses carry \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\`.`,
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearerKey: { type: 'http', scheme: 'bearer', description: 'An API key, `pp_test_…` or `pp_live_…`' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
      schemas: { Problem: problemSchema },
    },
    paths,
  };
}
