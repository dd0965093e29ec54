import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { SchemaResolver } from '@/lib/api/json-schema';
import { componentSchemaName, schemaAnchor, type ReferenceResponse } from './openapi-model';
import { SchemaView } from './schema-view';

function toneOf(status: string): BadgeTone {
  if (status.startsWith('2')) return 'success';
  if (status.startsWith('4')) return 'warning';
  if (status.startsWith('5')) return 'danger';
  return 'neutral';
}

function MediaTypes({ response }: { response: ReferenceResponse }) {
  if (!response.content.length) return <span className="text-xs text-zinc-500">no body described</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {response.content.map((c) => (
        <code key={c.mediaType} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-600">
          {c.mediaType}
        </code>
      ))}
    </span>
  );
}

function ResponseHead({ response }: { response: ReferenceResponse }) {
  return (
    <span className="flex min-w-0 flex-1 flex-wrap items-center gap-x-3 gap-y-1">
      <Badge tone={toneOf(response.status)} className="font-mono tabular-nums">
        {response.status}
      </Badge>
      <span className="text-sm text-zinc-800">{response.description || 'No description'}</span>
      <MediaTypes response={response} />
    </span>
  );
}

/**
 * Every status an operation can answer with. Bodies that are a shared schema (the Problem of every
 * error) link to it instead of repeating it under each status code.
 */
export function ResponsesList({ responses, resolve }: { responses: ReferenceResponse[]; resolve: SchemaResolver }) {
  return (
    <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200">
      {responses.map((response) => {
        const bodies = response.content.filter((c) => c.schema && Object.keys(c.schema).length);
        const shared = bodies.map((c) => componentSchemaName(c.schema?.$ref)).filter((name): name is string => name !== null);
        const inline = bodies.filter((c) => !componentSchemaName(c.schema?.$ref));
        return (
          <li key={response.status}>
            {inline.length ? (
              <details className="group" open={response.status.startsWith('2')}>
                <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2.5 hover:bg-zinc-50 [&::-webkit-details-marker]:hidden">
                  <span aria-hidden="true" className="inline-block w-3 text-zinc-500 transition-transform group-open:rotate-90">
                    ›
                  </span>
                  <ResponseHead response={response} />
                </summary>
                <div className="space-y-3 border-t border-zinc-100 px-3 pt-1 pb-3 sm:pl-8">
                  {inline.map((c) => (
                    <div key={c.mediaType}>
                      {inline.length > 1 ? <p className="mt-2 font-mono text-xs text-zinc-500">{c.mediaType}</p> : null}
                      <SchemaView schema={c.schema!} resolve={resolve} />
                    </div>
                  ))}
                </div>
              </details>
            ) : (
              <div className="flex flex-wrap items-center gap-2 px-3 py-2.5 sm:pl-8">
                <ResponseHead response={response} />
                {shared.length ? (
                  <span className="text-xs text-zinc-500">
                    Body:{' '}
                    {shared.map((name) => (
                      <a
                        key={name}
                        href={`#${schemaAnchor(name)}`}
                        className="font-mono text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:text-indigo-900"
                      >
                        {name}
                      </a>
                    ))}
                  </span>
                ) : null}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
