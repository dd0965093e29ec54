import 'server-only';
// Renamed: it is an envelop plugin factory, not a React hook (the hooks lint rule goes by the `use` prefix).
import { usePersistedOperations as persistedOperationsPlugin } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { GraphqlContext } from './context';
import manifest from './persisted-operations.json';
import { EXPLORER_HEADER } from './portal-operations';

/**
 * Persisted operations ("trusted documents"): the portal's own documents are committed in
 * lib/graphql/operations/, and their manifest (sha256 → document, persisted-operations.json) is built by
 * `npm run graphql:persist`. A caller sends `extensions.persistedQuery` (`{ version: 1, sha256Hash }`,
 * Apollo's APQ shape) or a `documentId` (`sha256:<hash>` or the bare hash) instead of the text; the
 * document is looked up here before parsing, so the limits and validation check it like any other.
 * Nothing is registered at run time (Apollo's automatic registration would let any caller add documents):
 * an id not in the manifest is PERSISTED_QUERY_NOT_FOUND, a 400.
 *
 * Who may send a free-form document instead:
 * - API keys, always: that is how partners use the API (their own clients and documents).
 * - A portal session, only from the GraphQL explorer, whose purpose is to write documents (it marks those
 *   requests with the `x-graphql-explorer` header). Every other session request runs one of the portal's
 *   reviewed documents: a screen cannot ship an unreviewed query, and the session path (which for staff
 *   reaches every organization) answers only the operations in the manifest. The header is a custom one,
 *   so a cross-site page cannot send it without a CORS preflight the portal never grants: a second barrier
 *   beside the JSON content type (handle-graphql-request.ts). It is not a credential: a script already
 *   running on the portal's origin could set it, as it could drive the explorer; what bounds any session
 *   is the one policy, which every resolver asks.
 */

const documents = new Map(Object.entries(manifest as Record<string, string>));

type Params = GraphQLParams & { documentId?: unknown };

/** The persisted id a request names: APQ's `extensions.persistedQuery.sha256Hash` or a `documentId` (body, or GET query string). */
function persistedOperationId(params: Params, request: Request): string | null {
  const persisted = (params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  if (persisted?.version === 1 && typeof persisted.sha256Hash === 'string') return persisted.sha256Hash;
  const documentId = params.documentId ?? (request.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null);
  return typeof documentId === 'string' ? documentId.replace(/^sha256:/, '') : null;
}

const requestError = (message: string, code: string, status: number) => ({ message, extensions: { code, http: { status } } });

/** A portal session sending document text, outside the explorer: refused before parsing. */
function sessionDocumentsPolicy(): Plugin<GraphqlContext, Pick<GraphqlContext, 'key'>> {
  return {
    onParams({ params, request, context }) {
      if (params.query == null || context.key || request.headers.has(EXPLORER_HEADER)) return;
      throw new GraphQLError(
        'Signed-in callers run the portal’s persisted operations (send `extensions.persistedQuery.sha256Hash`); write your own documents in the GraphQL explorer or with an API key.',
        { extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } } },
      );
    },
  };
}

export function persistedOperationsPlugins(): Plugin[] {
  return [
    sessionDocumentsPolicy() as Plugin,
    persistedOperationsPlugin<GraphqlContext>({
      getPersistedOperation: (id) => documents.get(id) ?? null,
      // Which callers may send text is sessionDocumentsPolicy's decision, made with the caller in hand.
      allowArbitraryOperations: true,
      extractPersistedOperationId: persistedOperationId,
      customErrors: {
        notFound: requestError('PersistedQueryNotFound: no persisted operation has this id.', 'PERSISTED_QUERY_NOT_FOUND', 400),
        keyNotFound: requestError(
          'Send a `query`, or a persisted operation’s id in `extensions.persistedQuery.sha256Hash` or `documentId`.',
          'BAD_REQUEST',
          400,
        ),
      },
    }) as Plugin,
  ];
}
