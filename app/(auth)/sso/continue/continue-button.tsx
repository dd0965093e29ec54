'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** From the browser, like the staff button: Auth.js posts to /api/auth/signin/org-sso and redirects to the provider. */
export function ContinueToOrganizationSso({ callbackUrl }: { callbackUrl: string | null }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      className="w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn('org-sso', { redirectTo: callbackUrl ?? '/' });
      }}
    >
      Continue to your organization’s sign-in
    </Button>
  );
}
