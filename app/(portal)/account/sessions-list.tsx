'use client';

import { LogOut } from 'lucide-react';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Badge } from '@/components/ui/badge';
import { SubmitButton } from '@/components/ui/submit-button';
import { Time } from '@/components/ui/time';
import { endSession, signOutOtherSessions } from './actions';

export interface SessionItem {
  id: string;
  browser: string;
  device: string;
  ip: string | null;
  method: 'password' | 'sso' | 'passkey';
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

const methodLabels: Record<SessionItem['method'], string> = { password: 'Password', sso: 'Single sign-on', passkey: 'Passkey' };

export function SessionsList({ sessions }: { sessions: SessionItem[] }) {
  const end = useActionForm(endSession);
  const others = useActionForm(signOutOtherSessions);
  return (
    <div className="space-y-4">
      <FormMessage state={end.state} />
      <ul className="divide-y divide-zinc-100" aria-label="Open sessions">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
            <div className="text-sm">
              <p className="flex items-center gap-2 font-medium text-zinc-900">
                {s.browser} on {s.device}
                {s.current ? <Badge tone="accent">This session</Badge> : null}
              </p>
              <p className="text-zinc-600">
                {methodLabels[s.method]} · {s.ip ?? 'unknown address'} · last seen <Time value={s.lastSeenAt} withTime /> · signed in{' '}
                <Time value={s.createdAt} withTime />
              </p>
            </div>
            <form action={end.formAction}>
              <input type="hidden" name="sessionId" value={s.id} />
              <SubmitButton size="sm" variant="secondary" aria-label={`End session: ${s.browser} on ${s.device}${s.current ? ' (this session)' : ''}`}>
                <LogOut aria-hidden="true" />
                End
              </SubmitButton>
            </form>
          </li>
        ))}
      </ul>
      <form action={others.formAction} className="space-y-4">
        <FormMessage state={others.state} />
        <SubmitButton variant="secondary">Sign out other sessions</SubmitButton>
      </form>
    </div>
  );
}
