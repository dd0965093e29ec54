'use client';

import { Eye, EyeOff, KeyRound } from 'lucide-react';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { useApiKey } from './api-key-context';

/** The key input of a console; every console on the page edits the same shared value. */
export function ApiKeyField() {
  const { apiKey, setApiKey, mintKey } = useApiKey();
  const [minting, setMinting] = useState<'idle' | 'pending' | 'made' | string>('idle');

  async function mint() {
    if (!mintKey) return;
    setMinting('pending');
    const result = await mintKey(null, new FormData());
    if (result.ok && result.data?.secret) {
      setApiKey(result.data.secret);
      setMinting('made');
    } else setMinting(result.ok ? 'The key could not be made.' : result.error);
  }
  const [visible, setVisible] = useState(false);
  const id = useId();
  const isLive = apiKey.trim().startsWith('pp_live_');
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        API key
      </label>
      <div className="flex gap-2">
        {/* No `name`: the value can never be serialised into a form submission or a URL. */}
        <input
          id={id}
          type={visible ? 'text' : 'password'}
          value={apiKey}
          onChange={(event) => setApiKey(event.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="pp_test_…"
          aria-describedby={`${id}-hint`}
          data-1p-ignore
          data-lpignore="true"
          className="block h-10 w-full min-w-0 rounded-lg border border-zinc-300 bg-white px-3 font-mono text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 hover:border-zinc-400 focus-visible:border-indigo-600"
        />
        <Button variant="secondary" onClick={() => setVisible((v) => !v)} aria-label={visible ? 'Hide key' : 'Show key'} className="shrink-0">
          {visible ? <EyeOff aria-hidden="true" /> : <Eye aria-hidden="true" />}
          <span aria-hidden="true">{visible ? 'Hide' : 'Show'}</span>
        </Button>
      </div>
      {mintKey ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="secondary" size="sm" onClick={mint} disabled={minting === 'pending'}>
            <KeyRound aria-hidden="true" />
            {minting === 'pending' ? 'Creating…' : 'Create a 1-hour test key'}
          </Button>
          <span role="status" className="text-xs text-zinc-600">
            {minting === 'made'
              ? 'A read-only test key for this page is filled in; it expires in one hour and is listed under API keys.'
              : minting !== 'idle' && minting !== 'pending'
                ? minting
                : ''}
          </span>
        </div>
      ) : null}
      <p id={`${id}-hint`} className="text-xs text-zinc-500">
        Sent only from your browser to this portal; never stored.
        {isLive ? (
          <span className="mt-1 block font-medium text-amber-800">This is a live key: requests act on live data and count toward its quota.</span>
        ) : null}
      </p>
    </div>
  );
}
