'use client';

import { KeyRound } from 'lucide-react';
import type { ReactNode } from 'react';
import { ButtonLink } from '@/components/ui/button';
import { OneTimeValue } from '@/components/ui/one-time-value';

/**
 * The new key's secret, shown once. It lives only in the state of the form that received it from its
 * action: never in the URL, never fetched again, gone once the user leaves the page.
 */
export function OneTimeSecret({ secret, keyId, children }: { secret: string; keyId: string; children?: ReactNode }) {
  return (
    <OneTimeValue
      heading="Copy your new API key"
      label="API key"
      value={secret}
      noun="key"
      icon={KeyRound}
      ids={{ heading: 'one-time-secret-heading', value: 'one-time-secret-value', note: 'one-time-secret-warning' }}
      note={
        <>
          <strong className="font-semibold">This is the only time the key is shown. Store it in a secret manager.</strong> If you lose it, rotate the key to get
          a new one.
        </>
      }
      actions={
        <ButtonLink href={`/keys/${keyId}`} variant="primary">
          Done
        </ButtonLink>
      }
    >
      {children}
    </OneTimeValue>
  );
}
