'use client';

import { Badge } from '@/components/ui/badge';
import { formatLatency, StatusCodeBadge } from '@/components/usage/status-code-badge';
import { CopyButton } from '@/components/ui/copy-button';

export interface TryItResult {
  method: string;
  url: string;
  status: number;
  statusText: string;
  elapsedMs: number;
  headers: [string, string][];
  contentType: string;
  body: string;
  /** A playground answer: mock data, not the API's. */
  mock?: boolean;
}

// HTTP/2 responses carry no reason phrase, so `statusText` is often empty.
const reasons: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusTextOf(status: number, statusText: string): string {
  return statusText || reasons[status] || '';
}

// The headers a caller of this API looks for first; the rest follow in alphabetical order.
const highlighted = new Set(['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'x-request-id', 'deprecation', 'sunset']);

/** The body as text, JSON indented when the response says it is JSON (problem+json included). */
export function prettyBody(contentType: string, body: string): string {
  if (!/[/+]json\b/.test(contentType) || body === '') return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function TryItResponse({ result, idPrefix }: { result: TryItResult; idPrefix: string }) {
  const headers = [...result.headers].sort(([a], [b]) => Number(highlighted.has(b)) - Number(highlighted.has(a)) || a.localeCompare(b));
  const body = prettyBody(result.contentType, result.body);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        {result.mock ? <Badge tone="warning">Mock data</Badge> : null}
        <StatusCodeBadge status={result.status} />
        <span className="text-sm font-medium text-zinc-900">{statusTextOf(result.status, result.statusText)}</span>
        <span className="text-xs text-zinc-500 tabular-nums">{formatLatency(result.elapsedMs)}</span>
        <code className="min-w-0 truncate font-mono text-xs text-zinc-500" title={result.url}>
          {result.method} {result.url}
        </code>
      </div>

      <div>
        <h5 id={`${idPrefix}-headers`} className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
          Headers
        </h5>
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200">
          <table aria-labelledby={`${idPrefix}-headers`} className="w-full text-left font-mono text-xs">
            <thead className="sr-only">
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {headers.map(([name, value]) => (
                <tr key={name} className={highlighted.has(name) ? 'bg-indigo-50/40' : undefined}>
                  <th scope="row" className="px-3 py-1.5 align-top font-medium whitespace-nowrap text-zinc-700">
                    {name}
                  </th>
                  <td className="px-3 py-1.5 break-all text-zinc-900">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <div>
        <div className="mb-1.5 flex items-center justify-between gap-2">
          <h5 id={`${idPrefix}-body`} className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
            Body
          </h5>
          {body ? <CopyButton value={body} label="Copy response body" /> : null}
        </div>
        {body ? (
          // Focusable so that keyboard users can scroll a long body.
          <pre
            tabIndex={0}
            role="region"
            aria-labelledby={`${idPrefix}-body`}
            className="max-h-96 overflow-auto rounded-lg bg-zinc-950 p-3 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap text-zinc-100"
          >
            {body}
          </pre>
        ) : (
          <p className="text-sm text-zinc-500">The response has no body.</p>
        )}
      </div>
    </div>
  );
}
