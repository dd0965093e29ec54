import type { ComponentProps } from 'react';

const textareaClasses =
  'block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs transition-colors ' +
  'placeholder:text-zinc-400 hover:border-zinc-400 focus-visible:border-indigo-600 aria-invalid:border-red-500';

/** A labelled textarea wired like `Input` (components/ui/field.tsx has none yet). */
export function TextareaField({
  label,
  name,
  hint,
  error,
  ...props
}: Omit<ComponentProps<'textarea'>, 'className' | 'id'> & { label: string; name: string; hint?: string; error?: string[] }) {
  const id = `field-${name}`;
  const message = error?.[0];
  const describedBy = [hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <textarea id={id} name={name} aria-invalid={message ? true : undefined} aria-describedby={describedBy} className={textareaClasses} {...props} />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {message}
        </p>
      ) : null}
    </div>
  );
}
