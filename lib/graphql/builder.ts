import 'server-only';
import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { FieldScope, GraphqlContext } from './context';
import { allowsScope } from './context';

/**
 * The code-first schema builder. Each field that reads something names the scope it needs
 * (`authScopes: { scope: 'usage:read' }`); the check asks the one policy (lib/auth/policy.ts) for keys and
 * people alike. A field refused that way is null with a FORBIDDEN error; the rest of the query is answered.
 */
export const builder = new SchemaBuilder<{
  Context: GraphqlContext;
  AuthScopes: { scope: FieldScope };
  Scalars: { DateTime: { Input: Date; Output: Date } };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, ComplexityPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({ scope: (scope) => allowsScope(ctx, scope) }),
    authorizeOnSubscribe: true,
    unauthorizedError: (_parent, _ctx, info, result) =>
      new GraphQLError(`${info.parentType.name}.${info.fieldName} needs a scope this caller does not have${scopeOf(result.failure)}.`, {
        extensions: { code: 'FORBIDDEN' },
      }),
  },
  relay: { clientMutationId: 'omit', cursorType: 'String', nodeQueryOptions: false, nodesQueryOptions: false },
  // Checked before execution by the validation rule in limits.ts; the plugin supplies the field costs. Lists
  // cost what their fields say (a connection: its page size); a plain list counts once unless it says more.
  complexity: { defaultComplexity: 1, defaultListMultiplier: 1 },
});

function scopeOf(failure: { kind: string; scope?: string; parameter?: unknown }): string {
  return failure.kind === 'AuthScope' && failure.scope === 'scope' ? ` (\`${String(failure.parameter)}\`)` : '';
}

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value as string | number).toISOString()),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime())) throw new GraphQLError('Not an ISO 8601 date and time.');
    return date;
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
