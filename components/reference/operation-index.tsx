import { cn } from '@/components/ui/cn';
import { MethodBadge } from './method-badge';
import type { ReferenceTagGroup } from './openapi-model';
import { schemaAnchor } from './openapi-model';

/** The table of contents: every operation by tag, linking to its anchor (`#getMe`). */
export function OperationIndex({ groups, schemaNames }: { groups: ReferenceTagGroup[]; schemaNames: string[] }) {
  return (
    <nav aria-label="Endpoints" className="text-sm">
      <ul className="space-y-4">
        {groups.map((group) => (
          <li key={group.slug}>
            <a href={`#${group.slug}`} className="text-xs font-semibold tracking-wide text-zinc-500 uppercase hover:text-zinc-900">
              {group.tag}
            </a>
            <ul className="mt-1.5 space-y-0.5">
              {group.operations.map((operation) => (
                <li key={operation.id}>
                  <a
                    href={`#${operation.id}`}
                    title={operation.summary}
                    className={cn(
                      'flex items-center gap-2 rounded-md px-2 py-1 hover:bg-zinc-100 hover:text-zinc-900',
                      operation.status === 'active' ? 'text-zinc-700' : 'text-zinc-500',
                    )}
                  >
                    <MethodBadge method={operation.method} className="min-w-[3.25rem] shrink-0" />{' '}
                    <span className={cn('min-w-0 truncate font-mono text-xs', operation.status === 'retired' && 'line-through')}>{operation.path}</span>
                    {operation.status !== 'active' ? <span className="sr-only"> ({operation.status})</span> : null}
                  </a>
                </li>
              ))}
            </ul>
          </li>
        ))}
        {schemaNames.length ? (
          <li>
            <a href="#schemas" className="text-xs font-semibold tracking-wide text-zinc-500 uppercase hover:text-zinc-900">
              Schemas
            </a>
            <ul className="mt-1.5 space-y-0.5">
              {schemaNames.map((name) => (
                <li key={name}>
                  <a
                    href={`#${schemaAnchor(name)}`}
                    className="block truncate rounded-md px-2 py-1 font-mono text-xs text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900"
                  >
                    {name}
                  </a>
                </li>
              ))}
            </ul>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
