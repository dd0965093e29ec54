'use client';

import { useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import { EXPLORER_HEADER, persistedHashOf, portalOperations } from '@/lib/graphql/portal-operations';
import { ApiKeyProvider, useApiKey } from './api-key-context';
import { ApiKeyField } from './api-key-field';

const EXAMPLE = portalOperations.find((operation) => operation.name === 'Overview')?.document ?? '{ viewer { kind } }';

const textareaClasses =
  'block w-full rounded-lg border border-zinc-300 bg-white p-3 font-mono text-sm text-zinc-900 shadow-xs hover:border-zinc-400 focus-visible:border-indigo-600';

/**
 * Sends GraphQL to /api/v1/graphql from the browser: with the pasted key (held in React state only, as the
 * try-it consoles do) or, without one, with the portal session (as JSON, the CSRF-safe way). One of the
 * portal's own operations goes by its persisted id; any other document as text, marked as the explorer's
 * (the only place a session may send one: lib/graphql/persisted-operations-plugin.ts). A subscription
 * streams its events (SSE) until stopped.
 */
function Explorer() {
  const { apiKey } = useApiKey();
  const id = useId();
  const [query, setQuery] = useState(EXAMPLE);
  const [variables, setVariables] = useState('');
  const [output, setOutput] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);

  async function run(event: FormEvent) {
    event.preventDefault();
    abort.current?.abort();
    let parsedVariables: unknown;
    try {
      parsedVariables = variables.trim() ? JSON.parse(variables) : undefined;
    } catch {
      setStatus('The variables are not valid JSON.');
      return;
    }
    const subscription = /^\s*subscription\b/.test(query);
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    setOutput('');
    setStatus(null);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: subscription ? 'text/event-stream' : 'application/json' };
    if (apiKey.trim()) headers.authorization = `Bearer ${apiKey.trim()}`;
    const hash = persistedHashOf(query);
    if (!hash) headers[EXPLORER_HEADER] = '1';
    const body = hash
      ? { variables: parsedVariables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }
      : { query, variables: parsedVariables };
    try {
      const response = await fetch('/api/v1/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        credentials: apiKey.trim() ? 'omit' : 'same-origin',
        signal: controller.signal,
      });
      setStatus(`${response.status} ${response.statusText} · ${response.headers.get('x-request-id') ?? ''}${hash ? ' · sent by its persisted id' : ''}`);
      if (!subscription || !response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        const text = await response.text();
        try {
          setOutput(JSON.stringify(JSON.parse(text), null, 2));
        } catch {
          setOutput(text);
        }
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message.split('\n').find((line) => line.startsWith('data:'));
          if (message.startsWith('event: next') && data) {
            const line = JSON.stringify(JSON.parse(data.slice(5)));
            setOutput((previous) => `${line}\n${previous}`.slice(0, 50_000));
          }
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) setStatus(error instanceof Error ? error.message : 'The request failed.');
    } finally {
      if (abort.current === controller) setRunning(false);
    }
  }

  return (
    <form onSubmit={run} className="space-y-4">
      <ApiKeyField />
      <p className="text-xs text-zinc-500">Leave the key empty to call with your portal session: you then see what your role may see.</p>
      <Select
        id={`${id}-example`}
        name="example"
        label="Example"
        hint="The portal’s own operations are sent by their persisted id (a SHA-256 hash), as its screens send them; edit one and it is sent as text."
        value={persistedHashOf(query) ?? ''}
        onChange={(event) => {
          const chosen = portalOperations.find((operation) => operation.hash === event.target.value);
          if (!chosen) return;
          setQuery(chosen.document);
          setVariables('');
        }}
      >
        <option value="">Your own document</option>
        {portalOperations.map((operation) => (
          <option key={operation.hash} value={operation.hash}>
            {operation.name}
          </option>
        ))}
      </Select>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-query`} className="block text-sm font-medium text-zinc-800">
          Query
        </label>
        <textarea id={`${id}-query`} value={query} onChange={(e) => setQuery(e.target.value)} rows={12} spellCheck={false} className={textareaClasses} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-variables`} className="block text-sm font-medium text-zinc-800">
          Variables (JSON)
        </label>
        <textarea
          id={`${id}-variables`}
          value={variables}
          onChange={(e) => setVariables(e.target.value)}
          rows={3}
          spellCheck={false}
          className={textareaClasses}
        />
      </div>
      <div className="flex gap-2">
        <Button type="submit">{running && /^\s*subscription\b/.test(query) ? 'Restart' : 'Run'}</Button>
        {running ? (
          <Button
            variant="secondary"
            onClick={() => {
              abort.current?.abort();
              setRunning(false);
            }}
          >
            Stop
          </Button>
        ) : null}
      </div>
      {status ? (
        <p className="text-sm text-zinc-600" role="status">
          {status}
        </p>
      ) : null}
      {/* A named, focusable region: aria-label alone is not allowed on a <pre>, and keyboard users scroll it. */}
      <pre role="region" aria-label="Result" tabIndex={0} className="max-h-[32rem] overflow-auto rounded-lg bg-zinc-950 p-4 text-xs text-zinc-100">
        {output || ' '}
      </pre>
    </form>
  );
}

export function GraphqlExplorer() {
  return (
    <ApiKeyProvider>
      <Explorer />
    </ApiKeyProvider>
  );
}
