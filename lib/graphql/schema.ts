import 'server-only';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder';
import './types/organization';
import './types/api-keys';
import './types/usage';
import './types/request-logs';
import './types/docs';
import './types/catalog';
import './types/secrets';
import './types/key-mutations';
import './types/request-logged';

/** The one schema of `/api/v1/graphql`, built once per process. */
export const schema = builder.toSchema();

let sdl: string | undefined;

/** The schema as SDL, published at `/api/v1/graphql/schema.graphql` (introspection is off for API keys). */
export function schemaSdl(): string {
  return (sdl ??= printSchema(lexicographicSortSchema(schema)));
}
