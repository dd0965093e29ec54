import { Fragment } from 'react';
import { cn } from '@/components/ui/cn';

const sizes = { sm: 'text-[13px]', lg: 'text-lg font-semibold' } as const;

/**
 * An endpoint's path template in monospace, its API's base path written faintly in front. Long paths
 * wrap only before a `/` (a `<wbr>`), never inside a segment.
 */
export function EndpointPath({ basePath, path, size = 'sm' }: { basePath: string; path: string; size?: keyof typeof sizes }) {
  const segments = path.split('/').slice(1);
  return (
    <code className={cn('font-mono text-zinc-900', sizes[size])}>
      {basePath ? <span className="text-zinc-500">{basePath.replace(/\/$/, '')}</span> : null}
      {segments.map((segment, index) => (
        <Fragment key={index}>
          <wbr />/{segment}
        </Fragment>
      ))}
    </code>
  );
}
