import type { ReactNode } from 'react';
import { InlineCode } from './inline-code';
import { constraintsOf, enumValues, isNullable, refName, typeLabel, unionVariants, type JsonSchema, type SchemaResolver } from '@/lib/api/json-schema';
import { componentSchemaName, schemaAnchor } from './openapi-model';

interface ViewContext {
  resolve: SchemaResolver;
  /** References being expanded above this node: a schema that contains itself is linked, not expanded again. */
  seen: ReadonlySet<string>;
  depth: number;
}

const MAX_DEPTH = 8;

/** A `$ref` followed once; the name is kept so that the reader can jump to the shared definition. */
function follow(schema: JsonSchema, ctx: ViewContext): { schema: JsonSchema; ref: string | null; cyclic: boolean } {
  if (!schema.$ref) return { schema, ref: null, cyclic: false };
  const target = ctx.resolve(schema.$ref);
  return { schema: target ?? {}, ref: schema.$ref, cyclic: ctx.seen.has(schema.$ref) || !target };
}

export function SchemaTypeLabel({ schema }: { schema: JsonSchema }) {
  const component = componentSchemaName(schema.$ref ?? (schema.items?.$ref || undefined));
  const label = typeLabel(schema);
  if (!component) return <span className="font-mono text-xs text-zinc-600">{label}</span>;
  // The whole label links to the shared schema: `Problem` or `array of Problem`.
  return (
    <a
      href={`#${schemaAnchor(component)}`}
      className="font-mono text-xs text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:text-indigo-900"
    >
      {label}
    </a>
  );
}

function EnumList({ values }: { values: unknown[] }) {
  return (
    <p className="mt-1 flex flex-wrap items-center gap-1 text-xs text-zinc-600">
      <span>One of:</span>
      {values.map((value) => (
        <code key={JSON.stringify(value)} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-800">
          {typeof value === 'string' ? value : JSON.stringify(value)}
        </code>
      ))}
    </p>
  );
}

/** Description, rules and allowed values of one schema node. */
export function SchemaFacts({ schema }: { schema: JsonSchema }) {
  const constraints = constraintsOf(schema);
  const values = enumValues(schema);
  return (
    <>
      {schema.description ? (
        <p className="mt-1 text-sm text-zinc-700">
          <InlineCode text={schema.description} />
        </p>
      ) : null}
      {constraints.length ? <p className="mt-1 text-xs break-all text-zinc-500">{constraints.join(' · ')}</p> : null}
      {values ? <EnumList values={values} /> : null}
    </>
  );
}

/** What is inside a node (properties, item properties, union variants), or nothing for a scalar. */
function Children({ schema, ctx, label }: { schema: JsonSchema; ctx: ViewContext; label: string }): ReactNode {
  if (ctx.depth >= MAX_DEPTH) return null;
  const { schema: target, ref, cyclic } = follow(schema, ctx);
  if (cyclic) return null;
  const inner: ViewContext = { ...ctx, depth: ctx.depth + 1, seen: ref ? new Set([...ctx.seen, ref]) : ctx.seen };

  if (target.properties && Object.keys(target.properties).length) {
    return (
      <Disclosure summary={`${label}: ${Object.keys(target.properties).length} properties`}>
        <PropertyList schema={target} ctx={inner} />
      </Disclosure>
    );
  }
  if (target.items) return <Children schema={target.items} ctx={inner} label={`${label} items`} />;
  if (typeof target.additionalProperties === 'object') return <Children schema={target.additionalProperties} ctx={inner} label={`${label} values`} />;
  const union = unionVariants(target);
  if (union && union.variants.length > 1) {
    return (
      <div className="mt-2 space-y-2 border-l-2 border-dashed border-zinc-200 pl-3">
        <p className="text-xs font-medium text-zinc-600">One of:</p>
        {union.variants.map((variant, index) => (
          <div key={index} className="rounded-md bg-zinc-50 px-3 py-2">
            <p className="text-xs text-zinc-500">
              Option {index + 1}: <SchemaTypeLabel schema={variant} />
            </p>
            <SchemaFacts schema={variant} />
            <Children schema={variant} ctx={inner} label={`Option ${index + 1}`} />
          </div>
        ))}
      </div>
    );
  }
  return null;
}

/** Native disclosure: keyboard and screen-reader support without client code. */
function Disclosure({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="group mt-2 rounded-md border border-zinc-200">
      <summary className="cursor-pointer list-none rounded-md px-3 py-1.5 text-xs font-medium text-zinc-600 select-none hover:bg-zinc-50 [&::-webkit-details-marker]:hidden">
        <span aria-hidden="true" className="mr-1 inline-block transition-transform group-open:rotate-90">
          ›
        </span>
        {summary}
      </summary>
      <div className="border-t border-zinc-100 px-3 pb-1">{children}</div>
    </details>
  );
}

function PropertyList({ schema, ctx }: { schema: JsonSchema; ctx: ViewContext }) {
  const required = new Set(schema.required ?? []);
  return (
    <ul className="divide-y divide-zinc-100">
      {Object.entries(schema.properties ?? {}).map(([name, property]) => (
        <li key={name} className="py-2.5">
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
            <code className="font-mono text-sm font-semibold text-zinc-900">{name}</code>
            <SchemaTypeLabel schema={property} />
            {isNullable(property) ? <span className="text-xs text-zinc-500">nullable</span> : null}
            {required.has(name) ? <span className="text-xs font-medium text-red-700">required</span> : <span className="text-xs text-zinc-500">optional</span>}
            {property.deprecated ? <span className="text-xs font-medium text-amber-700">deprecated</span> : null}
          </div>
          <SchemaFacts schema={property} />
          <Children schema={property} ctx={ctx} label={name} />
        </li>
      ))}
    </ul>
  );
}

/**
 * A JSON schema as a reader wants it: the properties of an object with their type, whether they are
 * required, their description and allowed values, nested objects behind disclosures.
 */
export function SchemaView({ schema, resolve }: { schema: JsonSchema; resolve: SchemaResolver }) {
  const ctx: ViewContext = { resolve, seen: new Set(), depth: 0 };
  const { schema: target, ref } = follow(schema, ctx);
  const top: ViewContext = ref ? { ...ctx, seen: new Set([ref]) } : ctx;
  if (target.properties && Object.keys(target.properties).length) {
    return (
      <div>
        {ref ? (
          <p className="text-xs text-zinc-500">
            Schema <SchemaTypeLabel schema={schema} />
          </p>
        ) : null}
        {target.description ? (
          <p className="mt-1 text-sm text-zinc-700">
            <InlineCode text={target.description} />
          </p>
        ) : null}
        <PropertyList schema={target} ctx={top} />
      </div>
    );
  }
  return (
    <div className="py-1">
      <p className="text-sm text-zinc-700">
        {ref ? <>A {refName(ref)}: </> : null}
        <SchemaTypeLabel schema={schema} />
        {isNullable(target) ? <span className="ml-2 text-xs text-zinc-500">nullable</span> : null}
      </p>
      <SchemaFacts schema={target} />
      <Children schema={target} ctx={top} label={ref ? refName(ref) : 'Value'} />
    </div>
  );
}
