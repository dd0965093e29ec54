'use client';

import { Undo2 } from 'lucide-react';
import { rollbackSecret } from '../actions';
import { ConfirmActionForm } from '@/components/forms/confirm-action-form';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Badge } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import { SecretValue } from './secret-value';

export interface VersionRow {
  version: number;
  createdAt: Date;
  createdByName: string | null;
}

/**
 * Every version of a secret, newest first. A rollback never rewrites history: the old value comes
 * back as a new version, so the history keeps who rolled back and when.
 */
export function VersionHistory({
  secretId,
  name,
  currentVersion,
  versions,
  canWrite,
}: {
  secretId: string;
  name: string;
  currentVersion: number;
  versions: VersionRow[];
  /** Reveal and roll back (not for a deleted secret, nor for those who may not write its environment). */
  canWrite: boolean;
}) {
  const { state, formAction } = useActionForm(rollbackSecret);
  return (
    <div className="space-y-3">
      <FormMessage state={state} className="mx-5 mt-4" />
      <div className="relative overflow-x-auto">
        <table className="w-full min-w-[40rem] border-collapse text-left text-sm">
          <caption className="sr-only">Versions of {name}</caption>
          <thead className="border-b border-zinc-200 bg-zinc-50/80">
            <tr>
              {['Version', 'Saved by', 'Saved', 'Value'].map((heading) => (
                <th key={heading} scope="col" className="px-5 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-600 uppercase">
                  {heading}
                </th>
              ))}
              <th scope="col" className="px-5 py-2.5">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {versions.map((row) => (
              <tr key={row.version} className="align-top">
                <td className="px-5 py-3 whitespace-nowrap">
                  <span className="font-medium text-zinc-900 tabular-nums">v{row.version}</span>
                  {row.version === currentVersion ? (
                    <Badge tone="success" className="ml-2">
                      current
                    </Badge>
                  ) : null}
                </td>
                <td className="px-5 py-3 whitespace-nowrap text-zinc-700">{row.createdByName ?? <span className="text-zinc-500">—</span>}</td>
                <td className="px-5 py-3 text-zinc-700">
                  <Time value={row.createdAt} withTime />
                </td>
                <td className="min-w-44 px-5 py-3">
                  <SecretValue compact secretId={secretId} name={name} version={row.version} canReveal={canWrite} />
                </td>
                <td className="px-5 py-3 text-right">
                  {canWrite && row.version < currentVersion ? (
                    <ConfirmActionForm
                      // A rollback adds a version: the prompt closes when the history shows it.
                      key={currentVersion}
                      action={formAction}
                      fields={{ secretId, version: String(row.version) }}
                      tone="neutral"
                      size="sm"
                      trigger={
                        <>
                          <Undo2 aria-hidden="true" />
                          Roll back to this version<span className="sr-only"> (version {row.version})</span>
                        </>
                      }
                      prompt={
                        <>
                          Bring back the value of version {row.version}? It is saved as version {currentVersion + 1}; nothing in the history is lost.
                        </>
                      }
                      confirmLabel="Yes, roll back"
                      pendingLabel="Rolling back…"
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
