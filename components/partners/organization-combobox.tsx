'use client';

import { ChevronsUpDown } from 'lucide-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { cn } from '@/components/ui/cn';

export interface PickedOrganization {
  id: string;
  name: string;
}

interface Found extends PickedOrganization {
  slug?: string;
  status?: string;
}

/** Where the picker asks: `GET /api/organizations?q=` (staff only; name or slug, at most 20). */
const SEARCH_PATH = '/api/organizations';
const DEBOUNCE_MS = 150;

/**
 * The one staff organization picker: a combobox that searches every organization on the server as one
 * types (name or slug), instead of a select of the first hundred. The chosen id travels in a hidden
 * input named `name` of the surrounding GET form; `submitOnSelect` submits that form at once.
 * Keyboard: type to search, ArrowDown/ArrowUp move, Enter chooses, Escape closes (a second Escape
 * clears the text).
 */
export function OrganizationCombobox({
  name,
  label,
  selected,
  allLabel,
  submitOnSelect = false,
  inline = false,
  required = false,
  error,
  className,
}: {
  /** The query parameter the form sends: `org`, `partner`. */
  name: string;
  label: string;
  selected: PickedOrganization | null;
  /** When set, the first option stands for every organization (the empty value) and says this. */
  allLabel?: string;
  submitOnSelect?: boolean;
  /** Label beside the field (a toolbar) instead of above it. */
  inline?: boolean;
  required?: boolean;
  /** The server's message for the field (a form of a server action). */
  error?: string;
  className?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState(selected?.name ?? '');
  const [value, setValue] = useState(selected?.id ?? '');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<Found[]>([]);
  const [more, setMore] = useState(false);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const hiddenRef = useRef<HTMLInputElement>(null);
  const submitAfterChoice = useRef(false);

  const options: Found[] = allLabel ? [{ id: '', name: allLabel }, ...results] : results;

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setStatus('loading');
      try {
        const response = await fetch(`${SEARCH_PATH}?${new URLSearchParams({ q: query })}`, { signal: controller.signal, cache: 'no-store' });
        if (!response.ok) throw new Error(`search answered ${response.status}`);
        const body = (await response.json()) as { organizations: Found[]; more: boolean };
        setResults(body.organizations);
        setMore(body.more);
        setStatus('idle');
        setActive(-1);
      } catch {
        if (!controller.signal.aborted) setStatus('error');
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [open, query]);

  useEffect(() => {
    // Submit once the hidden input holds the new value (after React rendered it).
    if (!submitAfterChoice.current) return;
    submitAfterChoice.current = false;
    hiddenRef.current?.form?.requestSubmit();
  }, [value]);

  function choose(option: Found) {
    setText(option.id ? option.name : '');
    setQuery('');
    setOpen(false);
    setActive(-1);
    if (submitOnSelect && option.id !== value) submitAfterChoice.current = true;
    setValue(option.id);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      if (!open) return; // a closed picker lets Enter submit the form
      event.preventDefault();
      const option = options[active] ?? (query ? results[0] : undefined);
      if (option) choose(option);
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        setOpen(false);
      } else if (text) {
        event.preventDefault();
        setText('');
        setQuery('');
      }
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  }

  const activeId = open && active >= 0 && options[active] ? `${id}-option-${active}` : undefined;

  return (
    <div className={cn(inline ? 'flex items-center gap-2' : 'space-y-1.5', className)}>
      <label htmlFor={id} className={inline ? 'text-sm font-medium whitespace-nowrap text-zinc-700' : 'block text-sm font-medium text-zinc-800'}>
        {label}
      </label>
      <input ref={hiddenRef} type="hidden" name={name} value={value} />
      <div className={cn('relative', inline && 'min-w-0 flex-1 sm:w-56 sm:flex-none')}>
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeId}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-required={required || undefined}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          placeholder={allLabel ?? 'Search organizations…'}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setQuery(event.target.value);
            setOpen(true);
            // What is typed is a search, not a choice: nothing is chosen until an option is.
            if (!event.target.value && allLabel) setValue('');
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => {
            // (A click on an option does not blur: its mousedown is prevented.) Text that chose nothing
            // goes; the field shows the chosen organization again.
            setOpen(false);
            setText(selectedName(value, selected, results) ?? '');
            setQuery('');
          }}
          onKeyDown={onKeyDown}
          className="block h-10 w-full rounded-lg border border-zinc-300 bg-white pr-8 pl-3 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-500 hover:border-zinc-400 focus-visible:border-indigo-600 aria-invalid:border-red-500"
        />
        <ChevronsUpDown aria-hidden="true" className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-zinc-400" />
        <div hidden={!open} className="absolute left-0 z-40 mt-1 w-full min-w-56 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg">
          <ul id={listId} role="listbox" aria-label={label} className="max-h-72 overflow-y-auto">
            {options.map((option, index) => (
              <li
                key={option.id || '(all)'}
                id={`${id}-option-${index}`}
                role="option"
                aria-selected={option.id === value}
                // Keep the focus in the input: the blur would close the list before the click lands.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(option)}
                className={cn(
                  'cursor-pointer rounded-md px-2.5 py-1.5 text-sm text-zinc-800',
                  index === active ? 'bg-indigo-50 text-indigo-900' : 'hover:bg-zinc-100',
                  option.id === value && 'font-semibold',
                )}
              >
                <span className="block truncate">{option.name}</span>
                {option.slug ? (
                  <span className="block truncate text-xs text-zinc-500">
                    {option.slug}
                    {option.status && option.status !== 'active' ? ` · ${option.status}` : ''}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          <p id={`${id}-hint`} aria-live="polite" className="px-2.5 py-1.5 text-xs text-zinc-600">
            {status === 'loading'
              ? 'Searching…'
              : status === 'error'
                ? 'The search failed. Try again.'
                : results.length === 0 && query
                  ? `No organization matches “${query}”.`
                  : more
                    ? `Showing the first ${results.length}; type more of the name to narrow it.`
                    : 'Type part of a name or slug.'}
          </p>
        </div>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function selectedName(value: string, selected: PickedOrganization | null, results: Found[]): string | null {
  if (!value) return null;
  if (selected?.id === value) return selected.name;
  return results.find((r) => r.id === value)?.name ?? null;
}
