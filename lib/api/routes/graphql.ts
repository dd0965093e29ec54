import { handleGraphqlRequest } from '@/lib/graphql/handle-graphql-request';
import { schemaSdl } from '@/lib/graphql/schema';
import { keyOrSessionRoute, publicRoute } from '../api-route-spec';

const description =
  'The same capabilities as the REST routes, as one graph: each field needs the scope of the route it mirrors (a field outside the key’s scopes is null with a FORBIDDEN error, the rest is answered). Limits are checked before execution: depth 10, 15 aliases, a cost of 1,000 (lists count by page size), 2,000 tokens, 10 operations per batch, 64 KiB per request. Each operation of a batch counts against the rate limit and the quota like a request. Signed-in portal users may call it with their session (POST as JSON; GET with an `x-graphql-csrf` header), sending the portal’s persisted operations (`extensions.persistedQuery.sha256Hash` or `documentId`); free-form documents are for API keys and the portal’s GraphQL explorer. An unknown persisted id is a 400 `PERSISTED_QUERY_NOT_FOUND`. Introspection is off for API keys: the schema is at /api/v1/graphql/schema.graphql. See the GraphQL guide in the docs.';

export const graphqlPostRoute = keyOrSessionRoute({
  method: 'POST',
  path: '/graphql',
  tag: 'GraphQL',
  summary: 'GraphQL queries, mutations and subscriptions (SSE)',
  description: `${description} Subscriptions stream as Server-Sent Events with \`Accept: text/event-stream\`.`,
  access: { scope: null, session: true },
  response: { status: 200, description: 'A GraphQL response (or a batch of them, or an event stream)', contentType: 'application/graphql-response+json' },
  problems: ['rate_limited', 'quota_exceeded', 'forbidden'],
  handler: (ctx) => handleGraphqlRequest(ctx),
});

export const graphqlGetRoute = keyOrSessionRoute({
  method: 'GET',
  path: '/graphql',
  tag: 'GraphQL',
  summary: 'GraphQL queries (no mutations) and subscriptions over GET',
  description: `${description} Parameters: \`query\`, \`operationName\`, \`variables\` (JSON).`,
  access: { scope: null, session: true },
  response: { status: 200, description: 'A GraphQL response, or an event stream', contentType: 'application/graphql-response+json' },
  problems: ['rate_limited', 'quota_exceeded', 'forbidden'],
  handler: (ctx) => handleGraphqlRequest(ctx),
});

export const graphqlSchemaRoute = publicRoute({
  method: 'GET',
  path: '/graphql/schema.graphql',
  tag: 'GraphQL',
  summary: 'The GraphQL schema as SDL',
  description: 'What introspection would tell, for codegen and the explorer; no key needed.',
  access: 'public',
  response: { status: 200, description: 'The schema in the GraphQL schema definition language', contentType: 'text/plain' },
  handler: () => new Response(schemaSdl(), { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=300' } }),
});
