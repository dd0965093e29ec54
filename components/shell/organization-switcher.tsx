'use client';

import { Building2, Check, ChevronsUpDown } from 'lucide-react';
import { useActionState, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { FormAction } from '@/lib/actions/action-spec';
import { cn } from '@/components/ui/cn';

export interface SwitcherOrganization {
  partnerId: string;
  name: string;
  /** Shown under the name: the person's role there ("Admin", "Developer"). */
  roleLabel: string;
}

/**
 * The header's organization menu for people in several organizations (a team switcher): a menu button,
 * then a menu of radio items with the current one checked. Choosing one posts the switch action (the
 * session keeps the choice; the server checks the membership). Keyboard: Enter/Space/ArrowDown open,
 * arrows, Home and End move, Escape closes and gives focus back to the button.
 */
export function OrganizationSwitcher({
  organizations,
  currentId,
  action,
}: {
  organizations: SwitcherOrganization[];
  currentId: string | null;
  action: FormAction;
}) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(action, null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const current = organizations.find((o) => o.partnerId === currentId) ?? null;

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitemradio"]') ?? []);

  useEffect(() => {
    if (!open) return;
    // Focus the checked item, as a native select would.
    const all = items();
    (all.find((item) => item.getAttribute('aria-checked') === 'true') ?? all[0])?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapperRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  function close() {
    setOpen(false);
    buttonRef.current?.focus();
  }

  function onButtonKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
    }
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLButtonElement);
    let next: number | null = null;
    if (event.key === 'ArrowDown') next = (index + 1) % all.length;
    else if (event.key === 'ArrowUp') next = (index - 1 + all.length) % all.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = all.length - 1;
    else if (event.key === 'Escape') {
      event.preventDefault();
      close();
      return;
    } else if (event.key === 'Tab') {
      setOpen(false);
      return;
    }
    if (next !== null) {
      event.preventDefault();
      all[next]?.focus();
    }
  }

  const error = state && !state.ok ? state.error : null;

  return (
    <div ref={wrapperRef} className="relative min-w-0">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Organization: ${current?.name ?? 'none'}. Switch organization`}
        onClick={() => setOpen((was) => !was)}
        onKeyDown={onButtonKeyDown}
        disabled={pending}
        className="flex max-w-[10rem] min-w-0 items-center gap-2 rounded-lg border border-zinc-200 bg-white px-2.5 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50 disabled:opacity-60 sm:max-w-[16rem]"
      >
        <Building2 aria-hidden="true" className="size-4 shrink-0 text-zinc-500" />
        <span className="truncate">{current?.name ?? 'Choose organization'}</span>
        <ChevronsUpDown aria-hidden="true" className="size-4 shrink-0 text-zinc-400" />
      </button>
      {open ? (
        <form action={formAction}>
          <div
            ref={menuRef}
            id={menuId}
            role="menu"
            aria-label="Organizations"
            onKeyDown={onMenuKeyDown}
            className="absolute left-0 z-40 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-lg border border-zinc-200 bg-white p-1 shadow-lg"
          >
            {organizations.map((organization) => {
              const checked = organization.partnerId === currentId;
              return (
                <button
                  key={organization.partnerId}
                  type="submit"
                  name="partnerId"
                  value={organization.partnerId}
                  role="menuitemradio"
                  aria-checked={checked}
                  tabIndex={-1}
                  onClick={(event) => {
                    // The current one needs no round trip.
                    if (checked) {
                      event.preventDefault();
                      close();
                    }
                  }}
                  className={cn(
                    'flex w-full items-center gap-2 rounded-md px-2.5 py-2 text-left text-sm hover:bg-zinc-100 focus:bg-zinc-100',
                    checked ? 'font-semibold text-zinc-900' : 'text-zinc-700',
                  )}
                >
                  <Check aria-hidden="true" className={cn('size-4 shrink-0 text-indigo-600', checked ? 'visible' : 'invisible')} />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate">{organization.name}</span>
                    <span className="block text-xs font-normal text-zinc-500">{organization.roleLabel}</span>
                  </span>
                </button>
              );
            })}
          </div>
        </form>
      ) : null}
      {error && !open ? (
        <p role="alert" className="absolute left-0 z-40 mt-1 w-64 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          {error}
        </p>
      ) : null}
    </div>
  );
}
