import { LogOut } from 'lucide-react';
import { signOutAction } from '@/app/_actions/sign-out';
import type { ButtonVariant } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';

export function SignOutButton({ variant = 'secondary' }: { variant?: ButtonVariant }) {
  return (
    <form action={signOutAction}>
      <SubmitButton variant={variant} size="sm">
        <LogOut aria-hidden="true" />
        Sign out
      </SubmitButton>
    </form>
  );
}
