'use client';

import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/types';
import { useState, useTransition } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import type { ActionResult, FormAction } from '@/lib/actions/action-spec';
import { createPasskey } from './passkey-browser';

interface RegistrationData {
  challengeId: string;
  options: PublicKeyCredentialCreationOptionsJSON;
}

/**
 * Adding a passkey: the server's options, the browser's prompt (fingerprint, face, PIN or security key),
 * then the server checks and keeps the new passkey. One button; the name is optional.
 */
export function PasskeyEnrolment({ start, finish, done }: { start: FormAction<RegistrationData>; finish: FormAction; done?: React.ReactNode }) {
  const [state, setState] = useState<ActionResult | null>(null);
  const [name, setName] = useState('');
  const [pending, startTransition] = useTransition();

  function add() {
    startTransition(async () => {
      const options = await start(null, new FormData());
      if (!options.ok || !options.data) return setState(options);
      const created = await createPasskey(options.data.options);
      if (!created.ok) return setState({ ok: false, error: created.error });
      const form = new FormData();
      form.set('challengeId', options.data.challengeId);
      form.set('credential', created.credential);
      if (name.trim()) form.set('name', name.trim());
      const result = await finish(null, form);
      setState(result);
      if (result.ok) setName('');
    });
  }

  if (state?.ok && done) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        {done}
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      <div className="flex flex-wrap items-end gap-2">
        <Input
          label="Name for the new passkey"
          name="passkeyName"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={60}
          placeholder="e.g. Work laptop"
          className="max-w-xs"
        />
        <Button variant="secondary" onClick={add} disabled={pending}>
          {pending ? 'Waiting for your passkey…' : 'Add a passkey'}
        </Button>
      </div>
    </div>
  );
}
