import Link from 'next/link';
import { formatValue } from '@/components/charts/chart-format';
import { cn } from '@/components/ui/cn';
import type { KeyQuotaUse } from '@/lib/usage/analytics';

function barColor(percent: number): string {
  if (percent >= 100) return 'bg-red-600';
  if (percent >= 80) return 'bg-amber-500';
  return 'bg-indigo-600';
}

/** One progress bar per key, with the numbers in text beside it (the bar alone says nothing to a screen reader). */
export function QuotaUseList({ rows, showOrganization, linkKeys }: { rows: KeyQuotaUse[]; showOrganization: boolean; linkKeys: boolean }) {
  if (rows.length === 0) return <p className="text-sm text-zinc-600">No keys yet.</p>;
  return (
    <ul className="space-y-4">
      {rows.map((row) => {
        const percent = row.used > 0 && row.percent < 0.1 ? 'under 0.1%' : `${row.percent}%`;
        const text = `${formatValue(row.used, 'count')} of ${formatValue(row.quota, 'count')} requests (${percent})`;
        const labelId = `quota-${row.apiKeyId}`;
        return (
          <li key={row.apiKeyId}>
            <div className="mb-1 flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
              <span id={labelId} className="font-medium text-zinc-900">
                {linkKeys ? (
                  <Link href={`/keys/${row.apiKeyId}`} className="rounded text-indigo-700 hover:text-indigo-900 hover:underline">
                    {row.keyName}
                  </Link>
                ) : (
                  row.keyName
                )}
                {showOrganization ? <span className="font-normal text-zinc-600"> · {row.partnerName}</span> : null}
              </span>
              <span className="text-zinc-700 tabular-nums">{text}</span>
            </div>
            <div
              role="progressbar"
              aria-labelledby={labelId}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.min(100, row.percent)}
              aria-valuetext={text}
              className="h-2 w-full overflow-hidden rounded-full bg-zinc-100"
            >
              <div className={cn('h-full rounded-full', barColor(row.percent))} style={{ width: `${Math.min(100, row.percent)}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
