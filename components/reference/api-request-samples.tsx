'use client';

import { CodeSamplesPanel } from './code-samples-panel';
import { useOrigin } from './use-origin';

/**
 * A request a guide shows (a fenced ```api-request block: `GET /api/v1/me`, then an optional JSON body
 * after a blank line) as code samples in every language, against this portal's own address.
 */
export function ApiRequestSamples({ method, path, body }: { method: string; path: string; body: string | null }) {
  const origin = useOrigin() || 'https://portal.example.com';
  const headers: [string, string][] = body ? [['content-type', 'application/json']] : [];
  return (
    <div className="my-5">
      <CodeSamplesPanel title="Request" request={{ method, url: `${origin}${path}`, needsKey: true, headers, body }} />
    </div>
  );
}
