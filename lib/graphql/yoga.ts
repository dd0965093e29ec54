import 'server-only';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createYoga, type Plugin } from 'graphql-yoga';
import { GraphQLError, type ExecutionResult, type ValidationContext } from 'graphql';
import type { GraphqlContext } from './context';
import { GRAPHQL_LIMITS, limitError, executionTimeoutPlugin, operationLimitsPlugin } from './limits';
import { GRAPHQL_ENDPOINT, operationMeterPlugin } from './operation-meter';
import { persistedOperationsPlugins } from './persisted-operations-plugin';
import { schema } from './schema';

/** What the route hands Yoga per HTTP request; each operation adds its own `revealed` cache. */
export type GraphqlServerContext = Omit<GraphqlContext, 'revealed'>;

/**
 * A request error (no `data`: refused before execution) answers 400 whatever the `Accept` header, and
 * keeps a higher status Yoga chose (405 for a mutation over GET, 413 for a batch over the limit).
 * Errors that are not the caller's (masked as "Unexpected error.") keep Yoga's 500.
 */
function requestErrorStatusPlugin(): Plugin {
  const mark = (result: ExecutionResult) => {
    if ('data' in result || !result.errors?.length) return;
    if (result.errors.some((e) => e.extensions?.unexpected || (e.originalError && !(e.originalError instanceof GraphQLError)))) return;
    const http = (result.extensions?.http ?? {}) as { status?: number };
    result.extensions = { ...result.extensions, http: { ...http, status: Math.max(http.status ?? 0, 400) } };
  };
  return {
    onResultProcess({ result }) {
      if (Array.isArray(result)) result.forEach((r: ExecutionResult) => mark(r));
      else if (!(Symbol.asyncIterator in (result as object))) mark(result as ExecutionResult);
    },
  };
}

/**
 * Armor's validation limits report their refusal like any validation rule (and without the misleading
 * "Syntax Error:" prefix) instead of throwing: validation goes on, so the cost rule reports too.
 */
const reported = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(limitError(error.message.replace(/^Syntax Error: /, '')))],
};

/**
 * The Yoga instance behind `/api/v1/graphql`, run inside the /api/v1 guard (lib/api/routes/graphql.ts):
 * the key, its organization, IP, rate limit and quota are checked before Yoga sees the request.
 */
export const yoga = createYoga<GraphqlServerContext, { revealed: GraphqlContext['revealed'] }>({
  schema,
  graphqlEndpoint: GRAPHQL_ENDPOINT,
  graphiql: false,
  landingPage: false,
  // Only errors meant for the caller (GraphQLError) are shown; anything else is "Unexpected error.".
  maskedErrors: true,
  batching: { limit: GRAPHQL_LIMITS.batch },
  // A persisted operation may be named by `documentId` (GraphQL over HTTP's persisted documents) as well as APQ's extension.
  extraParamNames: ['documentId'],
  // Validation depends on the caller (introspection for keys, the cost of its variables): never reused across requests.
  parserAndValidationCache: { validationCache: false },
  logging: 'error',
  // The platform's own classes: the guard recognises the answer as a Response and adds its headers.
  fetchAPI: { Request, Response, Headers, ReadableStream, TextEncoder, TextDecoder, URL, URLSearchParams, fetch },
  context: () => ({ revealed: new Map() }),
  plugins: [
    // First: a persisted id becomes its document before parsing, so every limit below checks it.
    ...persistedOperationsPlugins(),
    operationLimitsPlugin(),
    EnvelopArmorPlugin({
      maxDepth: { n: GRAPHQL_LIMITS.depth, flattenFragments: true, ignoreIntrospection: false, ...reported },
      maxAliases: { n: GRAPHQL_LIMITS.aliases, ...reported },
      maxTokens: { n: GRAPHQL_LIMITS.tokens },
      maxDirectives: { n: GRAPHQL_LIMITS.directives, ...reported },
      // The cost limit with list multipliers is Pothos' (limits.ts); armor's has none.
      costLimit: { enabled: false },
      blockFieldSuggestion: { enabled: true },
    }) as Plugin,
    executionTimeoutPlugin(),
    operationMeterPlugin() as Plugin,
    requestErrorStatusPlugin(),
  ],
});
