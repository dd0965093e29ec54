import { LogOut } from 'lucide-react';
import type { ButtonVariant } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';

/** `action` is the sign-out server action (app/_actions/sign-out.ts), handed down by the page or layout. */
export function SignOutButton({ action, variant = 'secondary' }: { action: () => Promise<void>; variant?: ButtonVariant }) {
  return (
    <form action={action}>
      <SubmitButton variant={variant} size="sm">
        <LogOut aria-hidden="true" />
        {/* On a phone the icon alone; the name stays for screen readers. */}
        <span className="sr-only sm:not-sr-only">Sign out</span>
      </SubmitButton>
    </form>
  );
}
