import { exampleFor, type JsonSchema } from './json-schema';

/**
 * The playground's answers: what an operation would return, built from its OpenAPI document (the first
 * success response's schema, with the schemas' examples and defaults), for visitors who have no key.
 * Nothing is read from or written to the database: the same document gives the same answer.
 */
export interface PlaygroundDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
}

export interface MockAnswer {
  status: number;
  operationId: string | null;
  body: unknown;
}

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

function resolver(document: PlaygroundDocument) {
  return (ref: string): JsonSchema | undefined => {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = document;
    for (const part of ref.slice(2).split('/')) {
      if (!isObject(node)) return undefined;
      node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return isObject(node) ? (node as JsonSchema) : undefined;
  };
}

/** `/keys/{id}` matches `/keys/key_123`; literal segments exactly. */
function templateMatches(template: string, path: string): boolean {
  const a = template.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((segment, i) => (/^\{[^}]+\}$/.test(segment) ? b[i] !== '' : segment === b[i]));
}

/** The mock answer of `method path` (the path relative to the API's base, e.g. `/me`), or null when no operation matches. */
export function mockAnswer(document: PlaygroundDocument, method: string, path: string): MockAnswer | null {
  // Literal paths before templated ones: `/keys/verify` is not `/keys/{id}`.
  const candidates = Object.entries(document.paths).sort(([a], [b]) => a.split('{').length - b.split('{').length);
  for (const [template, item] of candidates) {
    if (!isObject(item) || !templateMatches(template, path)) continue;
    const operation = item[method.toLowerCase()];
    if (!isObject(operation)) continue;
    const resolve = resolver(document);
    const responses = isObject(operation.responses) ? operation.responses : {};
    const success = Object.keys(responses)
      .filter((status) => /^2\d\d$/.test(status))
      .sort()[0];
    if (!success) return { status: 204, operationId: typeof operation.operationId === 'string' ? operation.operationId : null, body: null };
    let response = responses[success];
    if (isObject(response) && typeof response.$ref === 'string') response = resolve(response.$ref);
    const content = isObject(response) && isObject(response.content) ? response.content : {};
    const json = Object.entries(content).find(([type]) => type.includes('json'))?.[1];
    const schema = isObject(json) && isObject(json.schema) ? (json.schema as JsonSchema) : null;
    return {
      status: Number(success),
      operationId: typeof operation.operationId === 'string' ? operation.operationId : null,
      body: schema ? exampleFor(schema, resolve) : null,
    };
  }
  return null;
}
