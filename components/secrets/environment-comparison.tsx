import Link from 'next/link';
import { Card, CardHeader } from '@/components/ui/card';
import { formatNumber } from '@/components/ui/format';
import { secretsHref } from './secret-vocabulary';

function NameList({
  title,
  description,
  names,
  linkTo,
  orgParam,
}: {
  title: string;
  description: string;
  names: string[];
  linkTo: string | null;
  orgParam: string | null;
}) {
  const id = `compare-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Card aria-labelledby={id}>
      <CardHeader title={`${title} (${formatNumber(names.length)})`} titleId={id} as="h2" description={description} />
      {names.length === 0 ? (
        <p className="px-5 py-4 text-sm text-zinc-500">None.</p>
      ) : (
        <ul aria-labelledby={id} className="divide-y divide-zinc-100">
          {names.map((name) => (
            <li key={name} className="px-5 py-2 font-mono text-sm break-all">
              {linkTo ? (
                // The names are the comparison's only output: a link finds the secret in its environment.
                <Link
                  href={secretsHref('/secrets', { org: orgParam, env: linkTo, q: name })}
                  className="rounded text-zinc-900 hover:text-indigo-700 hover:underline"
                >
                  {name}
                </Link>
              ) : (
                name
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Which names are missing where. Names only: comparing needs no value, so whoever sees names may use it. */
export function EnvironmentComparison({
  comparison,
  orgParam,
}: {
  comparison: { left: string; right: string; onlyInLeft: string[]; onlyInRight: string[]; inBoth: string[] };
  orgParam: string | null;
}) {
  const { left, right } = comparison;
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <NameList title={`Only in ${left}`} description={`Missing from ${right}.`} names={comparison.onlyInLeft} linkTo={left} orgParam={orgParam} />
      <NameList title={`Only in ${right}`} description={`Missing from ${left}.`} names={comparison.onlyInRight} linkTo={right} orgParam={orgParam} />
      <NameList title="In both" description="Values are not compared." names={comparison.inBoth} linkTo={null} orgParam={orgParam} />
    </div>
  );
}
