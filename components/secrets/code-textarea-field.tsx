import type { ComponentProps } from 'react';

const textareaClasses =
  'block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 font-mono text-sm text-zinc-900 shadow-xs transition-colors ' +
  'placeholder:font-sans placeholder:text-zinc-400 hover:border-zinc-400 focus-visible:border-indigo-600 aria-invalid:border-red-500';

/**
 * A labelled monospace textarea for values and `.env` text, wired like `Input` (hint and error in
 * aria-describedby). Several errors can be shown: a pasted file may have one per line.
 */
export function CodeTextareaField({
  label,
  name,
  hint,
  error,
  id,
  ...props
}: Omit<ComponentProps<'textarea'>, 'className'> & { label: string; name: string; hint?: string; error?: string[] }) {
  const fieldId = id ?? `field-${name}`;
  const describedBy = [hint ? `${fieldId}-hint` : null, error?.length ? `${fieldId}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={fieldId} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      <textarea
        id={fieldId}
        name={name}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={describedBy}
        className={textareaClasses}
        {...props}
      />
      {hint ? (
        <p id={`${fieldId}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {error?.length ? (
        <ul id={`${fieldId}-error`} className="space-y-0.5 text-sm text-red-700">
          {error.map((message, index) => (
            <li key={`${index}-${message}`}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
