import Link from 'next/link';
import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { formatDateTime } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import type { KeyDetail } from '@/lib/keys/get-key-detail';

type HistoryEntry = KeyDetail['history'][number];

const actionLabels: Record<string, string> = {
  'key.create': 'Created',
  'key.rotate': 'Rotated',
  'key.revoke': 'Revoked',
};

const graceLabels: Record<string, string> = { '1h': 'a 1-hour grace period', '24h': 'a 24-hour grace period', '7d': 'a 7-day grace period' };

/** The label of a row as seen from this key: a rotation creates the key it points to. */
function actionLabel(entry: HistoryEntry, keyId: string): string | null {
  if (entry.action === 'key.rotate' && entry.targetId !== keyId) return 'Created';
  return actionLabels[entry.action] ?? null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const prefixClasses = 'font-mono text-xs';

/** What an audit row says about this key, read from its metadata (which never holds the secret). */
function describe(entry: HistoryEntry, keyId: string, rotatedFrom: KeyDetail['rotatedFrom']): ReactNode {
  const meta = entry.metadata;
  switch (entry.action) {
    case 'key.create': {
      const scopes = Array.isArray(meta.scopes) ? meta.scopes.filter((s): s is string => typeof s === 'string') : [];
      const environment = str(meta.environment);
      return (
        <>
          {environment ? `A ${environment} key` : 'A key'} with {scopes.length ? <span className={prefixClasses}>{scopes.join(', ')}</span> : 'no scopes'}.
        </>
      );
    }
    case 'key.rotate': {
      // The same row is on both keys' pages: on the old key it says what replaced it, on the new one where it came from.
      if (entry.targetId !== keyId) {
        return rotatedFrom ? (
          <>
            By rotating{' '}
            <Link href={`/keys/${rotatedFrom.id}`} className={`${prefixClasses} text-indigo-700 hover:underline`}>
              {rotatedFrom.tokenPrefix}
            </Link>
            .
          </>
        ) : (
          'By rotating an older key.'
        );
      }
      const newKeyId = str(meta.newKeyId);
      const newPrefix = str(meta.newPrefix) ?? 'a new key';
      const until = str(meta.oldKeyExpiresAt);
      const grace = typeof meta.grace === 'string' ? graceLabels[meta.grace] : undefined;
      return (
        <>
          Replaced by{' '}
          {newKeyId ? (
            <Link href={`/keys/${newKeyId}`} className={`${prefixClasses} text-indigo-700 hover:underline`}>
              {newPrefix}
            </Link>
          ) : (
            newPrefix
          )}
          {meta.grace === 'now' ? '; this key stopped at once.' : grace && until ? `, with ${grace} (until ${formatDateTime(until)}).` : '.'}
        </>
      );
    }
    case 'key.revoke':
      return 'Requests with it are refused.';
    default:
      return <span className="text-zinc-500">—</span>;
  }
}

export function KeyActivity({ keyId, history, rotatedFrom }: { keyId: string; history: HistoryEntry[]; rotatedFrom: KeyDetail['rotatedFrom'] }) {
  return (
    <Card aria-labelledby="activity-heading">
      <CardHeader title="Activity" titleId="activity-heading" description="Changes to this key, newest first." />
      {history.length === 0 ? (
        <EmptyState title="No activity recorded yet." />
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Activity of this key</caption>
            <thead className="border-b border-zinc-200 bg-zinc-50/80">
              <tr>
                {['When', 'Actor', 'Action', 'Details'].map((title) => (
                  <th key={title} scope="col" className="px-5 py-2.5 text-xs font-semibold tracking-wide text-zinc-600 uppercase">
                    {title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {history.map((entry) => (
                <tr key={entry.id}>
                  <td className="px-5 py-3 align-top text-zinc-700">
                    <Time value={entry.occurredAt} withTime />
                  </td>
                  <td className="px-5 py-3 align-top">
                    <span className="flex flex-wrap items-center gap-2">
                      <span className="text-zinc-900">{entry.actorLabel ?? 'Unknown'}</span>
                      {entry.actorType === 'api_key' ? <Badge>API key</Badge> : null}
                      {entry.actorType === 'system' ? <Badge>System</Badge> : null}
                    </span>
                  </td>
                  <td className="px-5 py-3 align-top whitespace-nowrap text-zinc-900">
                    {actionLabel(entry, keyId) ?? <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">{entry.action}</code>}
                  </td>
                  <td className="px-5 py-3 align-top text-zinc-700">{describe(entry, keyId, rotatedFrom)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
