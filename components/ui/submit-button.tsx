'use client';

import { Loader2 } from 'lucide-react';
import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { Button, type ButtonProps } from './button';

/**
 * The submit button of a form. While the form's action runs it shows a spinner (and `pendingLabel`)
 * and ignores clicks; it is not `disabled`, so keyboard focus stays on it.
 */
export function SubmitButton({ children, pendingLabel, onClick, ...props }: Omit<ButtonProps, 'type'> & { pendingLabel?: ReactNode }) {
  const { pending } = useFormStatus();
  return (
    <Button
      type="submit"
      aria-disabled={pending || undefined}
      onClick={(event) => {
        if (pending) event.preventDefault();
        else onClick?.(event);
      }}
      {...props}
    >
      {pending ? <Loader2 aria-hidden="true" className="animate-spin" /> : null}
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
