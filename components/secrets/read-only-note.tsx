import { Alert } from '@/components/ui/alert';
import type { UserActor } from '@/lib/auth/actor';

/** Why values are masked and the buttons absent, so nobody hunts for a Reveal button that is not there. */
export function ReadOnlyNote({ actor, environment }: { actor: UserActor; environment: string }) {
  let text: string;
  if (actor.staffRole === 'support') text = 'Support staff see names and metadata, never values.';
  else if (actor.membership && actor.membership.partnerStatus !== 'active') text = 'Your organization is not active: its secrets are read-only.';
  else if (actor.membership?.role === 'developer')
    text = `Developers reveal and change secrets in development only. Ask a partner admin to change ${environment}.`;
  else text = `You can see the names and metadata of ${environment}, not its values.`;
  return (
    <Alert tone="info" className="mb-4">
      {text}
    </Alert>
  );
}
