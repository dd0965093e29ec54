'use client';

import { ArrowRight, Mail } from 'lucide-react';
import type { ReactNode } from 'react';
import { ButtonLink } from '@/components/ui/button';
import { OneTimeValue } from '@/components/ui/one-time-value';

/**
 * A new organization's invitation link, shown once (like a key's secret): it lives only in the state of
 * the form that received it from its action, never in the URL, and cannot be fetched again.
 */
export function OneTimeInvitationLink({
  link,
  partnerId,
  partnerName,
  children,
}: {
  link: string;
  partnerId: string;
  partnerName: string;
  children?: ReactNode;
}) {
  return (
    <OneTimeValue
      heading="Invitation link"
      label="Invitation link"
      value={link}
      noun="link"
      icon={Mail}
      ids={{ heading: 'invitation-link-heading', value: 'invitation-link-value', note: 'invitation-link-note' }}
      note={
        <>
          <strong className="font-semibold">This link is shown only now.</strong> It expires in 7 days and works once. If it is lost or expires, invite the
          primary contact again from the organization’s page.
        </>
      }
      actions={
        <ButtonLink href={`/partners/${partnerId}`} variant="primary">
          Go to {partnerName}
          <ArrowRight aria-hidden="true" />
        </ButtonLink>
      }
    >
      {children}
    </OneTimeValue>
  );
}
