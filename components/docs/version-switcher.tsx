import Link from 'next/link';
import { cn } from '@/components/ui/cn';

/**
 * The API versions as a row of links, the current one marked: links rather than a select, so that
 * each version has a URL to share and switching works without JavaScript.
 */
export function VersionSwitcher({
  versions,
  current,
  hrefFor,
  label = 'API version',
}: {
  versions: string[];
  current: string | null;
  hrefFor: (version: string) => string;
  label?: string;
}) {
  if (versions.length === 0) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-2">
      <span aria-hidden="true" className="text-xs font-medium tracking-wide text-zinc-500 uppercase">
        {label}
      </span>
      <ul className="flex flex-wrap gap-1 rounded-lg bg-zinc-100 p-1">
        {versions.map((version) => {
          const isCurrent = version === current;
          return (
            <li key={version}>
              <Link
                href={hrefFor(version)}
                aria-current={isCurrent ? 'page' : undefined}
                className={cn(
                  'block rounded-md px-2.5 py-1 font-mono text-xs font-medium transition-colors',
                  isCurrent ? 'bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200' : 'text-zinc-600 hover:bg-white/70 hover:text-zinc-900',
                )}
              >
                {version}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
