import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn';

const controlClasses =
  'block w-full rounded-lg border bg-white px-3 text-sm text-zinc-900 shadow-xs transition-colors placeholder:text-zinc-400 ' +
  'hover:border-zinc-400 focus-visible:border-indigo-600 disabled:cursor-not-allowed disabled:bg-zinc-50 disabled:text-zinc-500 ' +
  'aria-invalid:border-red-500 aria-invalid:hover:border-red-600';

interface FieldOwnProps {
  label: ReactNode;
  /** Messages from the server (zod's field errors); the first one is shown. */
  error?: string | string[];
  hint?: ReactNode;
  /** Hide the label visually; it stays the control's accessible name. */
  hideLabel?: boolean;
  className?: string;
}

function describedBy(id: string, hint: unknown, error: string | undefined, extra?: string): string | undefined {
  const ids = [extra, hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function firstError(error: string | string[] | undefined): string | undefined {
  return Array.isArray(error) ? error[0] : error || undefined;
}

function FieldFrame({
  id,
  label,
  hint,
  error,
  hideLabel,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  hideLabel?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn('space-y-1.5', className)}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : 'block text-sm font-medium text-zinc-800'}>
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export type InputProps = Omit<ComponentProps<'input'>, 'className'> & FieldOwnProps & { name: string };

/** A labelled input with its hint and error wired through aria-describedby and aria-invalid. */
export function Input({ label, error, hint, hideLabel, className, id, name, 'aria-describedby': extra, ...props }: InputProps) {
  const inputId = id ?? `field-${name}`;
  const message = firstError(error);
  return (
    <FieldFrame id={inputId} label={label} hint={hint} error={message} hideLabel={hideLabel} className={className}>
      <input
        id={inputId}
        name={name}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy(inputId, hint, message, extra)}
        className={cn(controlClasses, 'h-10 border-zinc-300')}
        {...props}
      />
    </FieldFrame>
  );
}

export type SelectProps = Omit<ComponentProps<'select'>, 'className'> & FieldOwnProps & { name: string };

export function Select({ label, error, hint, hideLabel, className, id, name, children, 'aria-describedby': extra, ...props }: SelectProps) {
  const selectId = id ?? `field-${name}`;
  const message = firstError(error);
  return (
    <FieldFrame id={selectId} label={label} hint={hint} error={message} hideLabel={hideLabel} className={className}>
      <select
        id={selectId}
        name={name}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy(selectId, hint, message, extra)}
        className={cn(controlClasses, 'h-10 border-zinc-300 pr-8')}
        {...props}
      >
        {children}
      </select>
    </FieldFrame>
  );
}

/** A read-only value in a description list. */
export function DetailRow({ term, children }: { term: ReactNode; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-zinc-500">{term}</dt>
      <dd className="text-sm text-zinc-900 sm:col-span-2">{children}</dd>
    </div>
  );
}
