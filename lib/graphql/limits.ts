import 'server-only';
import { createComplexityRule } from '@pothos/plugin-complexity';
import type { Plugin } from 'graphql-yoga';
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { GraphqlContext } from './context';

/** The limits every operation is checked against before a resolver runs (README: GraphQL). */
export const GRAPHQL_LIMITS = {
  depth: 10,
  aliases: 15,
  tokens: 2_000,
  directives: 20,
  /** Pothos field costs: 1 per field by default, lists × their page size (or 10), costly fields more. */
  cost: 1_000,
  batch: 10,
  /** Fields once every fragment spread is expanded: a fragment bomb is refused here, before any rule walks it. */
  expandedFields: 5_000,
  bodyBytes: 64 * 1024,
  timeoutMs: 10_000,
} as const;

export function limitError(message: string, code = 'QUERY_TOO_COMPLEX'): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/**
 * Fields the document selects once fragments are expanded, counted per fragment once (memoised), so a
 * fragment bomb (each fragment spreading the previous one twice) costs linear time to measure. A
 * fragment cycle or an unknown fragment is reported (the standard rules would report them too, but
 * other rules could loop on a cycle before they do).
 */
export function expandedFieldCount(document: DocumentNode, max: number): { count: number } | { error: string } {
  const fragments = new Map<string, SelectionSetNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def.selectionSet);
  const sizes = new Map<string, number>();
  const visiting = new Set<string>();
  const sizeOf = (set: SelectionSetNode): number => {
    let n = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) n += 1 + (selection.selectionSet ? sizeOf(selection.selectionSet) : 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) n += sizeOf(selection.selectionSet);
      else n += fragmentSize(selection.name.value);
      if (n > max) return n; // no need to count further, and no number grows unbounded
    }
    return n;
  };
  const fragmentSize = (name: string): number => {
    const known = sizes.get(name);
    if (known !== undefined) return known;
    const set = fragments.get(name);
    if (!set) throw new FragmentProblem(`Unknown fragment "${name}".`);
    if (visiting.has(name)) throw new FragmentProblem(`Fragment "${name}" spreads itself (a fragment cycle).`);
    visiting.add(name);
    const size = sizeOf(set);
    visiting.delete(name);
    sizes.set(name, size);
    return size;
  };
  try {
    let count = 0;
    for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION) count += sizeOf(def.selectionSet);
    for (const name of fragments.keys()) fragmentSize(name);
    return { count };
  } catch (error) {
    if (error instanceof FragmentProblem) return { error: error.message };
    throw error;
  }
}

class FragmentProblem extends Error {}

type YogaContext = GraphqlContext & { params?: { variables?: Record<string, unknown> | null; operationName?: string | null } };

/**
 * Before validation: fragment cycles and bombs are refused outright (nothing else walks them); then the
 * cost rule (Pothos complexity, list multipliers) joins the validation rules, and for API keys the
 * engine's own rule that forbids introspection (`__schema`, `__type`, however they are reached: aliases,
 * inline fragments, fragments). Every validation failure answers 400, whatever the `Accept` header.
 */
export function operationLimitsPlugin(): Plugin<YogaContext> {
  return {
    onValidate({ params, addValidationRule, setResult, context }) {
      const expanded = expandedFieldCount(params.documentAST, GRAPHQL_LIMITS.expandedFields);
      if ('error' in expanded) return setResult([limitError(expanded.error, 'GRAPHQL_VALIDATION_FAILED')]);
      if (expanded.count > GRAPHQL_LIMITS.expandedFields) {
        return setResult([limitError(`The query selects more than ${GRAPHQL_LIMITS.expandedFields} fields once its fragments are expanded.`)]);
      }
      addValidationRule(
        createComplexityRule({
          context,
          variableValues: context.params?.variables ?? {},
          operationName: context.params?.operationName,
          maxComplexity: GRAPHQL_LIMITS.cost,
          validate: (result, report) => {
            if (result.complexity > GRAPHQL_LIMITS.cost) {
              report(limitError(`The query costs ${result.complexity}, more than the limit of ${GRAPHQL_LIMITS.cost}. Ask for smaller pages or fewer fields.`));
            }
          },
        }),
      );
      if (context.key) addValidationRule(NoSchemaIntrospectionCustomRule);
      return ({ valid, result, setResult: replace }) => {
        if (valid) return;
        replace(
          result.map(
            (error) =>
              new GraphQLError(error.message, {
                nodes: error.nodes,
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...error.extensions, http: { status: 400 } },
              }),
          ),
        );
      };
    },
  };
}

/** An operation that runs longer than the limit answers with an error instead of holding the request. */
export function executionTimeoutPlugin(ms: number = GRAPHQL_LIMITS.timeoutMs): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<{ errors: GraphQLError[] }>((resolve) => {
          timer = setTimeout(
            () =>
              resolve({
                errors: [new GraphQLError(`The operation took longer than ${ms / 1000} s.`, { extensions: { code: 'TIMEOUT', http: { status: 408 } } })],
              }),
            ms,
          );
        });
        try {
          return await Promise.race([executeFn(args), timeout]);
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}
