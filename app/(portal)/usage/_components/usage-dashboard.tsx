import { ChartColumn } from 'lucide-react';
import Link from 'next/link';
import { ChartDataTable } from '@/components/charts/chart-data-table';
import { formatBucket, formatValue } from '@/components/charts/chart-format';
import { HorizontalBarChart } from '@/components/charts/horizontal-bar-chart';
import { TimeSeriesChart, type ChartSeries, type TimePoint } from '@/components/charts/time-series-chart';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Time } from '@/components/ui/time';
import type { UsageDashboardData } from '@/lib/usage/analytics';
import { QuotaUseList } from './quota-use-list';

const statusSeries: ChartSeries[] = [
  { key: '2xx', label: '2xx', color: '#10b981' },
  { key: '3xx', label: '3xx', color: '#0ea5e9' },
  { key: '4xx', label: '4xx', color: '#f59e0b' },
  { key: '5xx', label: '5xx', color: '#ef4444' },
];
const errorSeries: ChartSeries[] = [{ key: 'errorRate', label: 'Error rate', color: '#dc2626' }];
const latencySeries: ChartSeries[] = [
  { key: 'p50', label: 'p50', color: '#6366f1' },
  { key: 'p95', label: 'p95', color: '#d97706' },
  { key: 'p99', label: 'p99', color: '#dc2626' },
];

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-xl border border-zinc-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs font-medium text-zinc-600">{label}</dt>
      <dd className="mt-1 text-xl font-semibold text-zinc-900 tabular-nums">{value}</dd>
    </div>
  );
}

function ChartCard({ id, title, description, children }: { id: string; title: string; description?: string; children: React.ReactNode }) {
  return (
    <Card aria-labelledby={id}>
      <CardHeader title={title} titleId={id} description={description} as="h3" />
      <CardBody>{children}</CardBody>
    </Card>
  );
}

/**
 * The usage charts and tables of one scope (all organizations, one, or one key). Server-rendered; only
 * the charts themselves are client components, and every chart has its numbers in a table.
 */
export function UsageDashboard({
  data,
  showKeys,
  showOrganization,
  apiOrigin,
  idPrefix = 'usage',
}: {
  data: UsageDashboardData;
  /** The top keys table (not on a key's own page). */
  showKeys: boolean;
  /** Staff looking at several organizations: name the organization of each key. */
  showOrganization: boolean;
  /** For the empty state's example call. */
  apiOrigin: string;
  idPrefix?: string;
}) {
  const { range, series, totals } = data;
  const g = range.granularity;
  const spansDays = range.to.getTime() - range.from.getTime() > 24 * 3_600_000;
  const when = (at: Date) => `${formatBucket(at.getTime(), g, spansDays && g !== 'day')}`;
  const bucketWord = { minute: 'minute', hour: 'hour', day: 'day (UTC)' }[g];
  const points: TimePoint[] = series.map((p) => ({ at: p.at.getTime(), ...p.statusClasses, errorRate: p.errorRate, p50: p.p50, p95: p.p95, p99: p.p99 }));
  const id = (name: string) => `${idPrefix}-${name}`;

  const quota = (
    <Card aria-labelledby={id('quota-heading')}>
      <CardHeader
        title="Quota use this month"
        titleId={id('quota-heading')}
        description="Billable requests since the 1st (UTC) against each key’s monthly quota."
        as="h3"
      />
      <CardBody>
        <QuotaUseList rows={data.quotaUse} showOrganization={showOrganization} linkKeys={showKeys} />
      </CardBody>
    </Card>
  );

  if (totals.requests === 0) {
    return (
      <div className="space-y-6">
        <Card>
          <EmptyState
            icon={<ChartColumn aria-hidden="true" />}
            title="No traffic in this range yet."
            description={
              <>
                Make a call with one of your keys:{' '}
                <code className="mt-2 block rounded bg-zinc-100 px-2 py-1 text-left font-mono text-xs break-all text-zinc-800">
                  curl -H &quot;Authorization: Bearer $API_KEY&quot; {apiOrigin}/api/v1/me
                </code>
              </>
            }
          />
        </Card>
        {quota}
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" aria-label="Totals for the range">
        <Stat label="Requests" value={formatValue(totals.requests, 'count')} />
        <Stat label="Error rate" value={formatValue(totals.errorRate, 'percent')} />
        <Stat label="Latency p50" value={formatValue(totals.p50, 'ms')} />
        <Stat label="Latency p95" value={formatValue(totals.p95, 'ms')} />
        <Stat label="Latency p99" value={formatValue(totals.p99, 'ms')} />
      </dl>

      <div className="grid gap-6 xl:grid-cols-2">
        <ChartCard id={id('status-heading')} title="Requests by status class" description={`Requests per ${bucketWord}, stacked by status class.`}>
          <TimeSeriesChart data={points} series={statusSeries} kind="stacked-area" format="count" granularity={g} />
          <ChartDataTable
            caption={`Requests per ${bucketWord} by status class`}
            columns={[{ label: 'Time (UTC)' }, ...statusSeries.map((s) => ({ label: s.label, numeric: true })), { label: 'Total', numeric: true }]}
            rows={series.map((p) => [
              when(p.at),
              ...statusSeries.map((s) => formatValue(p.statusClasses[s.key as '2xx'], 'count')),
              formatValue(p.requests, 'count'),
            ])}
          />
        </ChartCard>

        <ChartCard id={id('errors-heading')} title="Error rate" description="Share of answers with status 400 or above (refusals included).">
          <TimeSeriesChart data={points} series={errorSeries} kind="line" format="percent" granularity={g} />
          <ChartDataTable
            caption={`Error rate per ${bucketWord}`}
            columns={[
              { label: 'Time (UTC)' },
              { label: 'Requests', numeric: true },
              { label: 'Errors', numeric: true },
              { label: 'Error rate', numeric: true },
            ]}
            rows={series.map((p) => [
              when(p.at),
              formatValue(p.requests, 'count'),
              formatValue(p.errors, 'count'),
              p.requests ? formatValue(p.errorRate, 'percent') : '—',
            ])}
          />
        </ChartCard>

        <ChartCard id={id('latency-heading')} title="Latency" description="p50, p95 and p99 in milliseconds, estimated from the latency histogram.">
          <TimeSeriesChart data={points} series={latencySeries} kind="line" format="ms" granularity={g} />
          <ChartDataTable
            caption={`Latency percentiles per ${bucketWord}`}
            columns={[{ label: 'Time (UTC)' }, ...latencySeries.map((s) => ({ label: s.label, numeric: true }))]}
            rows={series.map((p) => [when(p.at), formatValue(p.p50, 'ms'), formatValue(p.p95, 'ms'), formatValue(p.p99, 'ms')])}
          />
        </ChartCard>

        <ChartCard id={id('endpoints-heading')} title="Top endpoints" description="The busiest endpoints of the range (whole UTC days when shown by day).">
          <HorizontalBarChart data={data.topEndpoints.map((e) => ({ name: `${e.method} ${e.endpoint}`, value: e.requests }))} format="count" label="Requests" />
          <ChartDataTable
            caption="Top endpoints by requests"
            columns={[{ label: 'Endpoint' }, { label: 'Requests', numeric: true }, { label: 'Error rate', numeric: true }, { label: 'p95', numeric: true }]}
            rows={data.topEndpoints.map((e) => [
              <span key="e" className="font-mono text-xs">
                {e.method} {e.endpoint}
              </span>,
              formatValue(e.requests, 'count'),
              formatValue(e.errorRate, 'percent'),
              formatValue(e.p95, 'ms'),
            ])}
          />
        </ChartCard>
      </div>

      {showKeys ? (
        <Card aria-labelledby={id('keys-heading')}>
          <CardHeader
            title="Top keys"
            titleId={id('keys-heading')}
            description="The keys that made the most requests in the range (whole UTC days when shown by day)."
            as="h3"
          />
          <div className="relative overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Top keys by requests</caption>
              <thead className="bg-zinc-50 text-left text-xs font-medium text-zinc-600">
                <tr>
                  <th scope="col" className="px-5 py-2">
                    Key
                  </th>
                  {showOrganization ? (
                    <th scope="col" className="px-3 py-2">
                      Organization
                    </th>
                  ) : null}
                  <th scope="col" className="px-3 py-2 text-right">
                    Requests
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Error rate
                  </th>
                  <th scope="col" className="px-5 py-2 text-right">
                    Last seen
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {data.topKeys.map((k) => (
                  <tr key={k.apiKeyId}>
                    <th scope="row" className="px-5 py-2 text-left font-normal">
                      <Link href={`/keys/${k.apiKeyId}`} className="rounded font-medium text-indigo-700 hover:text-indigo-900 hover:underline">
                        {k.keyName}
                      </Link>{' '}
                      <code className="font-mono text-xs text-zinc-500">{k.tokenPrefix}</code>
                    </th>
                    {showOrganization ? <td className="px-3 py-2 text-zinc-700">{k.partnerName}</td> : null}
                    <td className="px-3 py-2 text-right tabular-nums">{formatValue(k.requests, 'count')}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{formatValue(k.errorRate, 'percent')}</td>
                    <td className="px-5 py-2 text-right text-zinc-700">
                      <Time value={k.lastSeenAt} withTime />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}

      {quota}
    </div>
  );
}
