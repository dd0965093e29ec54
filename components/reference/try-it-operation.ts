import { enumValues, exampleFor, type SchemaResolver } from '@/lib/api/json-schema';
import type { ReferenceOperation } from './openapi-model';

export interface TryItParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** Allowed values: the console offers a select instead of free text. */
  options: string[] | null;
  placeholder: string;
}

/** What a try-it console needs of an operation: plain data, so that it can cross to the client. */
export interface TryItOperation {
  id: string;
  method: string;
  /** The server's base path and the operation's path template, e.g. `/api/v1` and `/keys/{id}`. */
  basePath: string;
  path: string;
  needsKey: boolean;
  parameters: TryItParameter[];
  body: { mediaType: string; example: string } | null;
}

export function tryItOperation(operation: ReferenceOperation, basePath: string, resolve: SchemaResolver): TryItOperation {
  const parameters: TryItParameter[] = [];
  for (const p of operation.parameters) {
    // Cookies are the browser's business: a console cannot set them for one request.
    if (p.in === 'cookie') continue;
    const values = enumValues(p.schema);
    const fallback = p.schema.default ?? p.schema.example;
    parameters.push({
      name: p.name,
      in: p.in,
      required: p.required,
      options: values ? values.map(String) : null,
      placeholder: fallback !== undefined ? String(fallback) : '',
    });
  }
  const body = operation.requestBody;
  return {
    id: operation.id,
    method: operation.method,
    basePath,
    path: operation.path,
    needsKey: operation.needsKey,
    parameters,
    body: body ? { mediaType: body.mediaType, example: body.schema ? JSON.stringify(exampleFor(body.schema, resolve), null, 2) : '{}' } : null,
  };
}
