import type { JsonSchema } from '@/lib/api/json-schema';

/**
 * The parts of an OpenAPI 3.1 document the reference page reads. Typed loosely on purpose: the
 * document grows (new routes, vendor extensions) and the page must render whatever it is given.
 */
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  paths: Record<string, Record<string, unknown>>;
}

export type OperationStatus = 'active' | 'deprecated' | 'retired';

export interface ReferenceParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface ReferenceResponse {
  status: string;
  description: string;
  /** Media type → schema; a response without a body has none. */
  content: { mediaType: string; schema: JsonSchema | null }[];
}

export interface ReferenceOperation {
  id: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Whether a key is needed at all (`security: []` marks a public operation). */
  needsKey: boolean;
  /** The scope a key needs; null with `needsKey` means any valid key. */
  scope: string | null;
  status: OperationStatus;
  /** ISO date after which the operation stops answering. */
  sunset: string | null;
  parameters: ReferenceParameter[];
  requestBody: { required: boolean; mediaType: string; schema: JsonSchema | null } | null;
  responses: ReferenceResponse[];
}

export interface ReferenceTagGroup {
  tag: string;
  slug: string;
  operations: ReferenceOperation[];
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function slugify(value: string): string {
  return (
    value
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'section'
  );
}

/** Follows a local JSON pointer (`#/components/schemas/Problem`); other references are left unresolved. */
export function resolvePointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function deref(document: OpenApiDocument, value: unknown): Raw | undefined {
  if (isObject(value) && typeof value.$ref === 'string') {
    const target = resolvePointer(document, value.$ref);
    return isObject(target) ? target : undefined;
  }
  return isObject(value) ? value : undefined;
}

function readParameters(document: OpenApiDocument, ...lists: unknown[]): ReferenceParameter[] {
  const byKey = new Map<string, ReferenceParameter>();
  // Operation-level parameters override path-level ones of the same name and location.
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const raw = deref(document, item);
      const name = text(raw?.name);
      const where = raw?.in;
      if (!raw || !name || (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie')) continue;
      byKey.set(`${where}:${name}`, {
        name,
        in: where,
        required: where === 'path' || raw.required === true,
        description: text(raw.description) ?? text(isObject(raw.schema) ? raw.schema.description : undefined),
        schema: isObject(raw.schema) ? (raw.schema as JsonSchema) : {},
      });
    }
  }
  return [...byKey.values()];
}

function readContent(content: unknown): { mediaType: string; schema: JsonSchema | null }[] {
  if (!isObject(content)) return [];
  return Object.entries(content).map(([mediaType, media]) => ({
    mediaType,
    schema: isObject(media) && isObject(media.schema) ? (media.schema as JsonSchema) : null,
  }));
}

function readStatus(value: unknown, deprecatedFlag: unknown): OperationStatus {
  if (value === 'deprecated' || value === 'retired' || value === 'active') return value;
  return deprecatedFlag === true ? 'deprecated' : 'active';
}

function readOperation(document: OpenApiDocument, path: string, method: string, raw: Raw, pathItem: Raw): ReferenceOperation {
  const security = Array.isArray(raw.security) ? raw.security : undefined;
  const body = deref(document, raw.requestBody);
  const bodyContent = readContent(body?.content);
  const firstBody = bodyContent.find((c) => c.mediaType.includes('json')) ?? bodyContent[0];
  const responses = isObject(raw.responses) ? raw.responses : {};
  return {
    id: text(raw.operationId) ?? slugify(`${method}-${path}`),
    method: method.toUpperCase(),
    path,
    summary: text(raw.summary) ?? `${method.toUpperCase()} ${path}`,
    description: text(raw.description),
    tag: (Array.isArray(raw.tags) ? text(raw.tags[0]) : undefined) ?? 'Other',
    // No `security` on the operation falls back to the document's, which this document never sets: a key is needed.
    needsKey: security === undefined ? true : security.length > 0,
    scope: text(raw['x-required-scope']) ?? null,
    status: readStatus(raw['x-status'], raw.deprecated),
    sunset: text(raw['x-sunset']) ?? null,
    parameters: readParameters(document, pathItem.parameters, raw.parameters),
    requestBody: firstBody ? { required: body?.required === true, mediaType: firstBody.mediaType, schema: firstBody.schema } : null,
    responses: Object.entries(responses)
      .map(([status, value]) => {
        const response = deref(document, value);
        return { status, description: text(response?.description) ?? '', content: readContent(response?.content) };
      })
      .sort((a, b) => a.status.localeCompare(b.status)),
  };
}

/** The document's operations grouped by their first tag, tags and operations in document order. */
export function groupOperations(document: OpenApiDocument): ReferenceTagGroup[] {
  const groups = new Map<string, ReferenceOperation[]>();
  for (const [path, pathItem] of Object.entries(document.paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of methods) {
      const raw = pathItem[method];
      if (!isObject(raw)) continue;
      const operation = readOperation(document, path, method, raw, pathItem);
      const list = groups.get(operation.tag) ?? [];
      list.push(operation);
      groups.set(operation.tag, list);
    }
  }
  return [...groups.entries()].map(([tag, operations]) => ({ tag, slug: `tag-${slugify(tag)}`, operations }));
}

export function schemaAnchor(name: string): string {
  return `schema-${slugify(name)}`;
}

/** `#/components/schemas/Problem` → `Problem`; null for anything else. */
export function componentSchemaName(ref: string | undefined): string | null {
  const match = ref ? /^#\/components\/schemas\/([^/]+)$/.exec(ref) : null;
  return match ? match[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : null;
}
