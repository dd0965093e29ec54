'use client';

import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/types';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { encodePasskeyAnswer } from '@/lib/identity/passkey-answer';
import { answerWithPasskey } from './passkey-browser';

/**
 * “Use a passkey instead” beside a code field (the second step of a sign-in, a step-up): the browser signs a
 * challenge for the person's own passkeys, the answer goes into the code field (`field`) and the form is
 * submitted as if a code had been typed.
 */
export function PasskeyAnswerButton({ field, className }: { field: string; className?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const ref = useRef<HTMLButtonElement>(null);

  async function go() {
    const form = ref.current?.closest('form');
    const input = form?.querySelector<HTMLInputElement>(`input[name="${field}"]`);
    if (!form || !input) return;
    setPending(true);
    setError(null);
    try {
      const response = await fetch('/api/passkeys/second-factor', { method: 'POST' });
      const body = (await response.json()) as { challengeId: string; options: PublicKeyCredentialRequestOptionsJSON } | { error: string };
      if (!response.ok || 'error' in body) return setError('error' in body ? body.error : 'No passkey prompt could be started.');
      const answer = await answerWithPasskey(body.options);
      if (!answer.ok) return setError(answer.error);
      input.value = encodePasskeyAnswer(body.challengeId, answer.credential);
      form.requestSubmit();
    } finally {
      setPending(false);
    }
  }

  return (
    <div className={className}>
      <Button ref={ref} variant="secondary" size="sm" onClick={go} disabled={pending}>
        {pending ? 'Waiting for your passkey…' : 'Use a passkey instead'}
      </Button>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
