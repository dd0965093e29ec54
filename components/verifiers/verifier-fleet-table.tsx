import { Badge } from '@/components/ui/badge';
import { formatNumber } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import type { FleetRow } from '@/lib/verifier/verifier-connections';

/** Seen within this long: connected (a streaming verifier reports every 5 s). */
const CONNECTED_MS = 15_000;

export function VerifierFleetTable({ rows, now }: { rows: FleetRow[]; now: number }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[52rem] border-collapse text-left text-sm">
        <caption className="sr-only">Verifiers seen in the last day</caption>
        <thead className="border-y border-zinc-200 bg-zinc-50/80 text-xs font-medium whitespace-nowrap text-zinc-600">
          <tr>
            <th scope="col" className="px-5 py-2.5">
              Verifier
            </th>
            <th scope="col" className="px-4 py-2.5">
              Credential
            </th>
            <th scope="col" className="px-4 py-2.5">
              Version
            </th>
            <th scope="col" className="px-4 py-2.5 text-right">
              Seq
            </th>
            <th scope="col" className="px-4 py-2.5 text-right">
              Lag
            </th>
            <th scope="col" className="px-4 py-2.5">
              Last seen
            </th>
            <th scope="col" className="px-5 py-2.5 text-right">
              Requests reported
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((row) => {
            const connected = now - row.lastSeenAt.getTime() < CONNECTED_MS;
            return (
              <tr key={row.id} className="align-top hover:bg-zinc-50/70">
                <th scope="row" className="px-5 py-3 font-normal">
                  <span className="flex items-center gap-2">
                    <Badge tone={connected ? 'success' : 'neutral'}>{connected ? 'Connected' : 'Gone'}</Badge>
                    <span className="font-mono text-xs text-zinc-700">{row.hostname ?? row.id}</span>
                  </span>
                </th>
                <td className="px-4 py-3">
                  {row.credentialName ?? 'Deleted key'} <span className="font-mono text-xs text-zinc-500">{row.credentialPrefix}</span>
                </td>
                <td className="px-4 py-3 font-mono text-xs">{row.version}</td>
                <td className="px-4 py-3 text-right tabular-nums">{formatNumber(row.seq)}</td>
                <td className="px-4 py-3 text-right tabular-nums">{row.lag > 0 ? <Badge tone="warning">{formatNumber(row.lag)}</Badge> : '0'}</td>
                <td className="px-4 py-3">
                  <Time value={row.lastSeenAt} withTime />
                </td>
                <td className="px-5 py-3 text-right tabular-nums">{formatNumber(row.requestsReported)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
