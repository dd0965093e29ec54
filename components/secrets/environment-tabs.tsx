import Link from 'next/link';
import { cn } from '@/components/ui/cn';
import { formatNumber } from '@/components/ui/format';
import { secretsHref } from './secret-vocabulary';

export interface EnvironmentTab {
  slug: string;
  secretCount: number;
}

/** One link per environment with its number of secrets; the chosen one is the current page. */
export function EnvironmentTabs({ environments, current, orgParam }: { environments: EnvironmentTab[]; current: string; orgParam: string | null }) {
  return (
    <nav aria-label="Environments" className="mb-4 overflow-x-auto border-b border-zinc-200">
      <ul className="-mb-px flex gap-1">
        {environments.map((environment) => {
          const active = environment.slug === current;
          return (
            <li key={environment.slug}>
              <Link
                href={secretsHref('/secrets', { org: orgParam, env: environment.slug })}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  'inline-flex items-center gap-2 rounded-t-md border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap',
                  active ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900',
                )}
              >
                {environment.slug}
                <span className={cn('rounded-full px-2 py-0.5 text-xs tabular-nums', active ? 'bg-indigo-50 text-indigo-700' : 'bg-zinc-100 text-zinc-600')}>
                  {formatNumber(environment.secretCount)}
                  <span className="sr-only"> {environment.secretCount === 1 ? 'secret' : 'secrets'}</span>
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
