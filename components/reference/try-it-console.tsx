'use client';

import { ChevronRight, Send } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { ApiKeyField } from './api-key-field';
import { useApiKey } from './api-key-context';
import { CodeSamplesPanel } from './code-samples-panel';
import type { TryItOperation, TryItParameter } from './try-it-operation';
import { statusTextOf, TryItResponse, type TryItResult } from './try-it-response';
import { useOrigin } from './use-origin';

const controlClasses =
  'block w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 ' +
  'hover:border-zinc-400 focus-visible:border-indigo-600 aria-invalid:border-red-500';

const paramKey = (p: TryItParameter) => `${p.in}:${p.name}`;

interface BuiltRequest {
  url: string;
  headers: [string, string][];
  body: string | null;
  errors: Record<string, string>;
}

function buildRequest(operation: TryItOperation, values: Record<string, string>, body: string): BuiltRequest {
  const errors: Record<string, string> = {};
  const valueOf = (p: TryItParameter) => (values[paramKey(p)] ?? '').trim();
  for (const p of operation.parameters) if (p.required && !valueOf(p)) errors[paramKey(p)] = `Enter ${p.name}.`;
  // An empty path parameter keeps its `{name}` so that the curl command shows what is missing.
  const path = operation.path.replace(/\{([^}]+)\}/g, (placeholder, name: string) => {
    const value = values[`path:${name}`]?.trim();
    return value ? encodeURIComponent(value) : placeholder;
  });
  const query = new URLSearchParams();
  const headers: [string, string][] = [];
  for (const p of operation.parameters) {
    const value = valueOf(p);
    if (!value) continue;
    if (p.in === 'query') query.append(p.name, value);
    if (p.in === 'header') headers.push([p.name, value]);
  }
  if (operation.body) {
    headers.unshift(['content-type', operation.body.mediaType]);
    try {
      JSON.parse(body);
    } catch (error) {
      errors.body = `Not valid JSON: ${(error as Error).message}`;
    }
  }
  const search = query.toString();
  return { url: `${operation.basePath}${path}${search ? `?${search}` : ''}`, headers, body: operation.body ? body : null, errors };
}

function ParameterField({
  id,
  parameter,
  value,
  error,
  onChange,
}: {
  id: string;
  parameter: TryItParameter;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  const common = {
    id,
    value,
    'aria-required': parameter.required || undefined,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    className: cn(controlClasses, 'h-9 font-mono'),
  };
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="flex items-baseline gap-2 text-sm">
        <code className="font-mono font-medium text-zinc-900">{parameter.name}</code>
        <span className="text-xs text-zinc-500">{parameter.in}</span>
        {parameter.required ? <span className="text-xs font-medium text-red-700">required</span> : null}
      </label>
      {parameter.options ? (
        <select {...common} onChange={(event) => onChange(event.target.value)}>
          <option value="">{parameter.required ? 'Choose…' : parameter.placeholder ? `Default (${parameter.placeholder})` : 'Not set'}</option>
          {parameter.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder={parameter.placeholder}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Sends one operation's request from the browser with the pasted key and shows what came back. */
/** Where a signed-out visitor's requests go: mock answers built from the OpenAPI document (app/api/playground). */
const PLAYGROUND_BASE = '/api/playground';

export function TryItConsole({ operation, playground = false }: { operation: TryItOperation; playground?: boolean }) {
  const uid = useId();
  const { apiKey } = useApiKey();
  const origin = useOrigin();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [body, setBody] = useState(operation.body?.example ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<TryItResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const panelId = `${uid}-panel`;
  const fieldId = (key: string) => `${uid}-${key.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

  // A request still running when the page is left must not update an unmounted console.
  useEffect(() => () => controller.current?.abort(), []);

  const built = buildRequest(operation, values, body);
  const sample = { method: operation.method, url: `${origin}${built.url}`, needsKey: operation.needsKey, headers: built.headers, body: built.body };

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setErrors(built.errors);
    const invalid = Object.keys(built.errors);
    if (invalid.length) {
      document.getElementById(fieldId(invalid[0]!))?.focus();
      return;
    }
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    const headers = new Headers(built.headers);
    const key = apiKey.trim();
    if (operation.needsKey && key) headers.set('authorization', `Bearer ${key}`);
    setPending(true);
    setFailure(null);
    const started = performance.now();
    try {
      // No cookies: the API authenticates by key alone, and the console shows what a server would get.
      const target = playground ? `${PLAYGROUND_BASE}${built.url.slice(operation.basePath.length)}` : built.url;
      const response = await fetch(target, {
        method: operation.method,
        headers,
        body: built.body,
        credentials: 'omit',
        cache: 'no-store',
        signal: current.signal,
      });
      const text = await response.text();
      setResult({
        method: operation.method,
        url: built.url,
        mock: response.headers.get('x-playground') === 'mock',
        status: response.status,
        statusText: response.statusText,
        elapsedMs: performance.now() - started,
        headers: [...response.headers.entries()],
        contentType: response.headers.get('content-type') ?? '',
        body: text,
      });
    } catch (error) {
      if (current.signal.aborted) return;
      setResult(null);
      setFailure(`The request did not reach the API: ${(error as Error).message || 'network error'}.`);
    } finally {
      if (controller.current === current) setPending(false);
    }
  }

  return (
    <div>
      <Button variant="secondary" size="sm" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((v) => !v)}>
        <ChevronRight aria-hidden="true" className={cn('transition-transform', open && 'rotate-90')} />
        Try it
      </Button>
      {/* Mounted once opened and only hidden when closed: values and the last response survive a toggle. */}
      {open || result || failure ? (
        <div id={panelId} hidden={!open} className="mt-3 grid gap-4 rounded-xl border border-zinc-200 bg-zinc-50/70 p-4 xl:grid-cols-2">
          <form onSubmit={send} noValidate className="min-w-0 space-y-4" aria-labelledby={`${uid}-request`}>
            <h4 id={`${uid}-request`} className="text-sm font-semibold text-zinc-900">
              Request
            </h4>
            {playground ? (
              <p className="text-sm text-zinc-600">Playground: the answer is mock data built from the API’s schemas. No key is needed and nothing is stored.</p>
            ) : operation.needsKey ? (
              <ApiKeyField />
            ) : (
              <p className="text-sm text-zinc-600">This endpoint needs no key.</p>
            )}
            {operation.parameters.map((p) => (
              <ParameterField
                key={paramKey(p)}
                id={fieldId(paramKey(p))}
                parameter={p}
                value={values[paramKey(p)] ?? ''}
                error={errors[paramKey(p)]}
                onChange={(value) => setValues((previous) => ({ ...previous, [paramKey(p)]: value }))}
              />
            ))}
            {operation.body ? (
              <div className="space-y-1">
                <label htmlFor={fieldId('body')} className="block text-sm font-medium text-zinc-800">
                  Request body <span className="font-mono text-xs font-normal text-zinc-500">{operation.body.mediaType}</span>
                </label>
                <textarea
                  id={fieldId('body')}
                  value={body}
                  onChange={(event) => setBody(event.target.value)}
                  rows={Math.min(14, Math.max(4, body.split('\n').length + 1))}
                  spellCheck={false}
                  aria-invalid={errors.body ? true : undefined}
                  aria-describedby={errors.body ? `${fieldId('body')}-error` : undefined}
                  className={cn(controlClasses, 'py-2 font-mono text-xs leading-relaxed')}
                />
                {errors.body ? (
                  <p id={`${fieldId('body')}-error`} className="text-xs text-red-700">
                    {errors.body}
                  </p>
                ) : null}
              </div>
            ) : null}
            <div className="flex flex-wrap items-center gap-3">
              <Button type="submit" variant="primary" disabled={pending}>
                <Send aria-hidden="true" />
                {pending ? 'Sending…' : 'Send request'}
              </Button>
              <p className="text-xs text-zinc-500">
                {playground ? 'Mock answers only: sign in to call the real API.' : 'Requests are real: they count toward the key’s usage and rate limit.'}
              </p>
            </div>
          </form>

          <div role="region" aria-label="Response" className="min-w-0 space-y-3">
            <h4 className="text-sm font-semibold text-zinc-900">Response</h4>
            <p role="status" className="sr-only">
              {pending ? 'Sending the request…' : result ? `Response ${result.status} ${statusTextOf(result.status, result.statusText)}` : ''}
            </p>
            {failure ? (
              <Alert tone="error" role="alert" title="Request failed">
                {failure}
              </Alert>
            ) : null}
            {result ? (
              <TryItResponse result={result} idPrefix={uid} />
            ) : !failure ? (
              <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500">
                Send the request to see the status, headers and body here.
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
      {/* Every operation shows its request in four languages; with the console open they follow its fields. */}
      <div className="mt-3">
        <CodeSamplesPanel request={sample} />
      </div>
    </div>
  );
}
