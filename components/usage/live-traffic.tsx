'use client';

import Link from 'next/link';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { formatNumber } from '@/components/ui/format';
import { formatLatency, MethodLabel, StatusCodeBadge } from './status-code-badge';

interface LiveRequest {
  requestId: string;
  partnerId: string;
  apiKeyId: string;
  keyPrefix?: string | null;
  method: string;
  path: string;
  statusCode: number;
  latencyMs: number;
  ip: string | null;
  occurredAt: number;
}

const WINDOW = 60;
const RECENT = 50;
const timeFormat = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

type Connection = 'connecting' | 'live' | 'reconnecting';

// The browser's clock in whole seconds, ticking once a second while a chart shows it. The server's
// render and the hydrating render see null, so the server HTML (bars without times) is what the client
// hydrates against; reading Date.now() while rendering gave each side its own second (a hydration mismatch
// on the bars' titles whenever the response and the hydration fell in different seconds).
const clock = { second: 0, listeners: new Set<() => void>(), timer: undefined as ReturnType<typeof setInterval> | undefined };

function tickClock() {
  clock.second = Math.floor(Date.now() / 1000);
  for (const listener of clock.listeners) listener();
}

function subscribeToClock(listener: () => void): () => void {
  clock.listeners.add(listener);
  if (clock.timer === undefined) {
    clock.timer = setInterval(tickClock, 1000);
    tickClock();
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0) {
      clearInterval(clock.timer);
      clock.timer = undefined;
      clock.second = 0; // the next chart starts from a fresh reading, not a stale second
    }
  };
}

function useNowSeconds(): number | null {
  return useSyncExternalStore(
    subscribeToClock,
    () => clock.second || null,
    () => null,
  );
}

/**
 * The names of the organizations in the table (staff watching all of them), asked of the server for the
 * ids not seen before: there may be more organizations than any page should list.
 */
function useOrganizationNames(ids: string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const asked = useRef(new Set<string>());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    const wanted = key
      .split(',')
      .filter((id) => id && !asked.current.has(id))
      .slice(0, 20);
    if (wanted.length === 0) return;
    for (const id of wanted) asked.current.add(id);
    const params = new URLSearchParams(wanted.map((id) => ['id', id]));
    fetch(`/api/organizations?${params}`, { cache: 'no-store' })
      .then((response) => (response.ok ? (response.json() as Promise<{ organizations: { id: string; name: string }[] }>) : { organizations: [] }))
      .then(({ organizations }) => setNames((previous) => ({ ...previous, ...Object.fromEntries(organizations.map((o) => [o.id, o.name])) })))
      .catch(() => {
        // The id stands in for the name; the next unknown one asks again.
        for (const id of wanted) asked.current.delete(id);
      });
  }, [key]);
  return names;
}

/**
 * Requests per second over the last minute and the latest requests, fed by the live endpoint's
 * Server-Sent Events (a snapshot from the stored logs, then batches as requests are served).
 */
export function LiveTraffic({ partner, showOrganization }: { partner: string | null; showOrganization: boolean }) {
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [recent, setRecent] = useState<LiveRequest[]>([]);
  const organizations = useOrganizationNames(showOrganization ? recent.map((r) => r.partnerId) : []);
  const [connection, setConnection] = useState<Connection>('connecting');
  const now = useNowSeconds();

  useEffect(() => {
    const source = new EventSource(partner ? `/api/usage/live?partner=${encodeURIComponent(partner)}` : '/api/usage/live');
    const merge = (events: LiveRequest[], incoming: Record<string, number>, replace: boolean) => {
      setCounts((previous) => {
        const next: Record<string, number> = replace ? {} : { ...previous };
        for (const [second, n] of Object.entries(incoming)) next[second] = replace ? n : (next[second] ?? 0) + n;
        const oldest = Math.floor(Date.now() / 1000) - WINDOW - 5;
        for (const second of Object.keys(next)) if (Number(second) < oldest) delete next[second];
        return next;
      });
      setRecent((previous) => {
        const seen = new Set<string>();
        return [...events, ...(replace ? [] : previous)]
          .sort((a, b) => b.occurredAt - a.occurredAt)
          .filter((e) => (seen.has(e.requestId) ? false : (seen.add(e.requestId), true)))
          .slice(0, RECENT);
      });
    };
    source.addEventListener('open', () => setConnection('live'));
    source.addEventListener('error', () => setConnection('reconnecting'));
    source.addEventListener('snapshot', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { recent: LiveRequest[]; counts: Record<string, number> };
      merge(data.recent, data.counts, true);
      setConnection('live');
    });
    source.addEventListener('requests', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as { events: LiveRequest[]; counts: Record<string, number> };
      merge(data.events, data.counts, false);
    });
    return () => source.close();
  }, [partner]);

  // Oldest first; null until the browser's clock is read (server render and hydration): empty bars.
  const seconds = useMemo(() => Array.from({ length: WINDOW }, (_, i) => (now === null ? null : now - WINDOW + 1 + i)), [now]);
  const values = seconds.map((s) => (s === null ? 0 : (counts[String(s)] ?? 0)));
  const max = Math.max(1, ...values);
  const total = values.reduce((a, b) => a + b, 0);
  const last = values.slice(-5).reduce((a, b) => a + b, 0) / 5;

  return (
    <div className="space-y-6">
      <Card aria-labelledby="rps-heading">
        <CardHeader
          title="Requests per second"
          titleId="rps-heading"
          description="The last 60 seconds, as this server sees them."
          actions={
            <Badge tone={connection === 'live' ? 'success' : 'warning'}>
              <span aria-hidden="true" className={connection === 'live' ? 'size-1.5 rounded-full bg-emerald-500' : 'size-1.5 rounded-full bg-amber-500'} />
              {connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
            </Badge>
          }
        />
        <CardBody>
          <p className="mb-3 text-sm text-zinc-600" aria-live="off">
            <span className="text-2xl font-semibold text-zinc-900 tabular-nums">{last.toFixed(1)}</span> req/s now ·{' '}
            <span className="tabular-nums">{formatNumber(total)}</span> in the last minute
          </p>
          <div
            role="img"
            aria-label={`Requests per second over the last minute: ${formatNumber(total)} requests, peak ${formatNumber(Math.max(...values))} per second.`}
            className="flex h-32 items-end gap-px border-b border-zinc-200"
          >
            {values.map((n, i) => {
              const second = seconds[i];
              return (
                <div
                  // By position (seconds ago): each tick updates the bars in place.
                  key={i}
                  className="flex-1 rounded-t-sm bg-indigo-500"
                  style={{ height: `${(n / max) * 100}%`, minHeight: n ? 2 : 0 }}
                  title={second == null ? undefined : `${timeFormat.format(second * 1000)} UTC: ${n}`}
                />
              );
            })}
          </div>
          <div className="mt-1 flex justify-between text-xs text-zinc-500">
            <span>60 s ago</span>
            <span>now</span>
          </div>
        </CardBody>
      </Card>

      <Card aria-labelledby="latest-heading">
        <CardHeader title="Latest requests" titleId="latest-heading" description={`The ${RECENT} most recent, newest first.`} />
        {recent.length === 0 ? (
          <EmptyState title="No requests yet." description="Requests appear here as your API keys are used." />
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <caption className="sr-only">Latest requests</caption>
              <thead className="border-b border-zinc-200 bg-zinc-50/80 text-xs font-semibold tracking-wide text-zinc-600 uppercase">
                <tr>
                  <th scope="col" className="px-4 py-2.5">
                    Time (UTC)
                  </th>
                  <th scope="col" className="px-4 py-2.5">
                    Method
                  </th>
                  <th scope="col" className="px-4 py-2.5">
                    Path
                  </th>
                  <th scope="col" className="px-4 py-2.5">
                    Status
                  </th>
                  <th scope="col" className="px-4 py-2.5 text-right">
                    Latency
                  </th>
                  <th scope="col" className="px-4 py-2.5">
                    Key
                  </th>
                  {showOrganization ? (
                    <th scope="col" className="px-4 py-2.5">
                      Organization
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {recent.map((r) => (
                  <tr key={r.requestId} className="hover:bg-zinc-50/70">
                    <td className="px-4 py-2 whitespace-nowrap tabular-nums">
                      <Link href={`/usage/requests/${r.requestId}`} className="rounded hover:text-indigo-700 hover:underline">
                        {timeFormat.format(r.occurredAt)}
                      </Link>
                    </td>
                    <td className="px-4 py-2">
                      <MethodLabel method={r.method} />
                    </td>
                    <td className="max-w-72 truncate px-4 py-2 font-mono text-xs" title={r.path}>
                      {r.path}
                    </td>
                    <td className="px-4 py-2">
                      <StatusCodeBadge status={r.statusCode} />
                    </td>
                    <td className="px-4 py-2 text-right whitespace-nowrap tabular-nums">{formatLatency(r.latencyMs)}</td>
                    <td className="px-4 py-2">
                      <Link href={`/keys/${r.apiKeyId}`} className="rounded font-mono text-xs text-indigo-700 hover:underline">
                        {r.keyPrefix ?? r.apiKeyId}
                      </Link>
                    </td>
                    {showOrganization ? <td className="px-4 py-2 whitespace-nowrap">{organizations[r.partnerId] ?? r.partnerId}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
