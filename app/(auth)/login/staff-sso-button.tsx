'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

/**
 * Staff single sign-on. From the browser (Auth.js's client `signIn` posts to /api/auth/signin/oidc), so that
 * the redirect URI sent to the provider is built from the same origin as the callback's (a server action
 * would build it from the forwarded host Next adds).
 */
export function StaffSsoButton({ name, callbackUrl }: { name: string; callbackUrl: string | null }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      className="mt-4 w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn('oidc', { redirectTo: callbackUrl ?? '/' });
      }}
    >
      Sign in with {name}
    </Button>
  );
}
