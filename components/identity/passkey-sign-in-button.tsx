'use client';

import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/types';
import { useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import type { ActionResult, FormAction } from '@/lib/actions/action-spec';
import { answerWithPasskey } from './passkey-browser';

interface AssertionData {
  challengeId: string;
  options: PublicKeyCredentialRequestOptionsJSON;
}

/** Passwordless sign-in: the browser offers the person's passkeys for this portal; no email needed. */
export function PasskeySignInButton({ start, signIn, callbackUrl }: { start: FormAction<AssertionData>; signIn: FormAction; callbackUrl: string | null }) {
  const [state, setState] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();

  function go() {
    startTransition(async () => {
      const options = await start(null, new FormData());
      if (!options.ok || !options.data) return setState(options);
      const answer = await answerWithPasskey(options.data.options);
      if (!answer.ok) return setState({ ok: false, error: answer.error });
      const form = new FormData();
      form.set('challengeId', options.data.challengeId);
      form.set('credential', answer.credential);
      if (callbackUrl) form.set('callbackUrl', callbackUrl);
      // A successful sign-in redirects (the action does not return).
      setState(await signIn(null, form));
    });
  }

  return (
    <div className="mt-4 space-y-3">
      <FormMessage state={state} />
      <Button variant="secondary" className="w-full" onClick={go} disabled={pending}>
        {pending ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </Button>
    </div>
  );
}
