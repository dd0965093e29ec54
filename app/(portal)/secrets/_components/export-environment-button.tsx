'use client';

import { Download } from 'lucide-react';
import { useState, useTransition } from 'react';
import { exportEnvironment } from '../actions';
import { Button } from '@/components/ui/button';
import type { ActionData } from '@/lib/actions/action-spec';

/** Hands the browser a file without a URL that could be shared, bookmarked or logged. */
function download({ filename, content }: ActionData<typeof exportEnvironment>) {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the file over; revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Exports the environment as a `.env` file. The values come back in the action's response and go
 * straight into the download: they are never kept in the page's state. Every value read is logged.
 */
export function ExportEnvironmentButton({ environment, partnerId }: { environment: string; partnerId: string | null }) {
  const [isPending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  function exportFile() {
    if (isPending) return;
    const formData = new FormData();
    formData.set('environment', environment);
    if (partnerId) formData.set('partnerId', partnerId);
    setOutcome(null);
    startTransition(async () => {
      const result = await exportEnvironment(null, formData);
      if (result.ok && result.data) {
        download(result.data);
        setOutcome({ ok: true, text: result.message ?? `Exported ${environment}.` });
      } else {
        setOutcome({ ok: false, text: result.ok ? 'The export failed.' : result.error });
      }
    });
  }

  return (
    <span className="inline-flex flex-col items-end">
      <Button variant="secondary" onClick={exportFile} aria-disabled={isPending || undefined}>
        <Download aria-hidden="true" />
        {isPending ? 'Exporting…' : 'Export .env'}
      </Button>
      <span role="status" className={outcome?.ok ? 'mt-1 text-xs text-zinc-600' : 'sr-only'}>
        {outcome?.ok ? outcome.text : null}
      </span>
      {outcome && !outcome.ok ? (
        <span role="alert" className="mt-1 text-xs text-red-700">
          {outcome.text}
        </span>
      ) : null}
    </span>
  );
}
