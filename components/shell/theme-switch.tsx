'use client';

import { Monitor, Moon, Sun } from 'lucide-react';
import { useEffect, useSyncExternalStore } from 'react';
import { cn } from '@/components/ui/cn';
import { THEME_STORAGE_KEY, themeChoices, type ThemeChoice } from './theme';

const CHANGE_EVENT = 'partner-portal:theme';
const systemDark = () => window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

function readChoice(): ThemeChoice {
  try {
    const stored = window.localStorage.getItem(THEME_STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

function apply(choice: ThemeChoice) {
  const dark = choice === 'dark' || (choice === 'system' && systemDark().matches);
  document.documentElement.classList.toggle('dark', dark);
}

const icons = { system: Monitor, light: Sun, dark: Moon } as const;
const labels = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' } as const;

/** Light, dark or the system's: remembered in localStorage; "system" follows the setting as it changes. */
export function ThemeSwitch({ className }: { className?: string }) {
  // "system" while the server renders and hydrates; the class itself was set before the first paint.
  const choice = useSyncExternalStore(subscribe, readChoice, () => 'system' as const);

  useEffect(() => {
    apply(choice);
    if (choice !== 'system') return;
    const media = systemDark();
    const follow = () => apply('system');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, [choice]);

  function choose(next: ThemeChoice) {
    try {
      if (next === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
      else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage refused: the theme changes for this page only.
    }
    apply(next);
    window.dispatchEvent(new Event(CHANGE_EVENT));
  }

  return (
    <div role="group" aria-label="Theme" className={cn('flex items-center rounded-lg border border-zinc-200 p-0.5', className)}>
      {themeChoices.map((option) => {
        const Icon = icons[option];
        return (
          <button
            key={option}
            type="button"
            aria-pressed={choice === option}
            aria-label={labels[option]}
            title={labels[option]}
            onClick={() => choose(option)}
            className={cn(
              'inline-flex size-7 items-center justify-center rounded-md text-zinc-500 hover:text-zinc-900 [&_svg]:size-4',
              choice === option && 'bg-zinc-100 text-zinc-900',
            )}
          >
            <Icon aria-hidden="true" />
          </button>
        );
      })}
    </div>
  );
}
