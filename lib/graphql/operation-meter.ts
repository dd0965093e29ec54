import 'server-only';
import type { Plugin } from 'graphql-yoga';
import { getOperationAST, Kind, type DocumentNode } from 'graphql';
import type { GraphqlContext } from './context';

export const GRAPHQL_ENDPOINT = '/api/v1/graphql';

/**
 * What the usage shows for one operation: the route, then the operation's name and its root fields,
 * e.g. `/api/v1/graphql#Dashboard(viewer,usage)` or `/api/v1/graphql#(apiKeys)` when it has no name.
 * Names are GraphQL names (letters, digits, `_`), so nothing here needs escaping; the metering caps the length.
 */
export function operationEndpoint(document: DocumentNode, operationName: string | null | undefined): string {
  const operation = getOperationAST(document, operationName);
  if (!operation) return GRAPHQL_ENDPOINT;
  const roots = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind === Kind.FIELD) roots.add(selection.name.value);
    if (roots.size >= 5) break;
  }
  return `${GRAPHQL_ENDPOINT}#${operation.name?.value.slice(0, 64) ?? ''}(${[...roots].join(',')})`;
}

/** Notes each operation that runs (query, mutation or subscription) for the metering. */
export function operationMeterPlugin(): Plugin<GraphqlContext> {
  const note = ({ args }: { args: { document: DocumentNode; operationName?: string | null; contextValue: GraphqlContext } }) => {
    args.contextValue.meter.operations.push(operationEndpoint(args.document, args.operationName));
  };
  return { onExecute: note, onSubscribe: note };
}
