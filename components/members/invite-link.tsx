'use client';

import { Mail, UserPlus } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { formatDateTime } from '@/components/ui/format';
import { OneTimeValue } from '@/components/ui/one-time-value';

/**
 * A new invitation's link, shown once (like a key's secret): it lives only in the state of the form
 * that received it from its action, never in the URL, and cannot be fetched again.
 */
export function InviteLink({
  link,
  expiresAt,
  onInviteAnother,
  children,
}: {
  link: string;
  expiresAt: string;
  onInviteAnother: () => void;
  children?: ReactNode;
}) {
  return (
    <OneTimeValue
      nested
      heading="Invitation link"
      label="Invitation link"
      value={link}
      noun="link"
      icon={Mail}
      note={
        <>
          <strong className="font-semibold">This link is shown only now.</strong> It works once and expires in 7 days ({formatDateTime(expiresAt)}). Send it to
          the person you invited; if it is lost, withdraw the invitation and invite them again.
        </>
      }
      actions={
        <Button variant="secondary" onClick={onInviteAnother}>
          <UserPlus aria-hidden="true" />
          Invite another member
        </Button>
      }
    >
      {children}
    </OneTimeValue>
  );
}
