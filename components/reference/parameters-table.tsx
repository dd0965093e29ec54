import { constraintsOf, enumValues, isNullable, type JsonSchema } from '@/lib/api/json-schema';
import type { ReferenceParameter } from './openapi-model';
import { SchemaFacts, SchemaTypeLabel } from './schema-view';

const locations: Record<ReferenceParameter['in'], string> = { path: 'path', query: 'query', header: 'header', cookie: 'cookie' };

export function ParametersTable({ parameters, caption }: { parameters: ReferenceParameter[]; caption: string }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-zinc-200">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-xs font-medium text-zinc-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              Name
            </th>
            <th scope="col" className="px-3 py-2">
              In
            </th>
            <th scope="col" className="px-3 py-2">
              Type
            </th>
            <th scope="col" className="px-3 py-2">
              Description
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {parameters.map((parameter) => {
            // The description is shown once, in its column, not again under the facts.
            const schema: JsonSchema = { ...parameter.schema, description: parameter.description };
            return (
              <tr key={`${parameter.in}:${parameter.name}`} className="align-top">
                <th scope="row" className="px-3 py-2.5 font-normal">
                  <code className="font-mono text-sm font-semibold text-zinc-900">{parameter.name}</code>
                  <span className="mt-0.5 block text-xs">
                    {parameter.required ? <span className="font-medium text-red-700">required</span> : <span className="text-zinc-500">optional</span>}
                  </span>
                </th>
                <td className="px-3 py-2.5 text-xs text-zinc-600">{locations[parameter.in]}</td>
                <td className="px-3 py-2.5">
                  <SchemaTypeLabel schema={parameter.schema} />
                  {isNullable(parameter.schema) ? <span className="block text-xs text-zinc-500">nullable</span> : null}
                </td>
                <td className="px-3 py-2.5 [&>p:first-child]:mt-0">
                  <SchemaFacts schema={schema} />
                  {!schema.description && !constraintsOf(schema).length && !enumValues(schema) ? <span className="text-zinc-500">—</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
