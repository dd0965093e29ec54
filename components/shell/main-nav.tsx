'use client';

import { Menu, X } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { cn } from '@/components/ui/cn';

export interface MainNavLink {
  href: string;
  label: string;
  icon: ReactNode;
}

/** Whether `href` is the current section: `/` only on itself, others on their sub-pages too. */
function isCurrentSection(href: string, pathname: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The sidebar; below the `lg` breakpoint a "Menu" button that opens it as a list (with `extra`: what the
 * header has no room for on a phone, the role and the theme). Client-side so the current page follows
 * navigation and the menu closes once a page is chosen.
 */
export function MainNav({ links, extra }: { links: MainNavLink[]; extra?: ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const current = links.find((link) => isCurrentSection(link.href, pathname));
  return (
    <nav aria-label="Main" className="px-3 py-2 lg:py-4">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="main-nav-list"
        onClick={() => setOpen((was) => !was)}
        className="flex w-full items-center gap-2.5 rounded-lg px-3 py-2 text-sm font-medium text-zinc-800 hover:bg-zinc-100 lg:hidden [&_svg]:size-4 [&_svg]:shrink-0"
      >
        {open ? <X aria-hidden="true" /> : <Menu aria-hidden="true" />}
        Menu
        {current ? <span className="ml-auto truncate text-zinc-500">{current.label}</span> : null}
      </button>
      <div id="main-nav-list" className={cn(open ? 'block' : 'hidden', 'lg:block')}>
        <ul className="mt-1 flex flex-col gap-1 lg:mt-0">
          {links.map((link) => {
            const isCurrent = isCurrentSection(link.href, pathname);
            return (
              <li key={link.href}>
                <Link
                  href={link.href}
                  aria-current={isCurrent ? 'page' : undefined}
                  onClick={() => setOpen(false)}
                  className={cn(
                    'flex items-center gap-2.5 rounded-lg px-3 py-2 text-sm font-medium transition-colors [&_svg]:size-4 [&_svg]:shrink-0',
                    isCurrent
                      ? 'bg-indigo-50 text-indigo-700 [&_svg]:text-indigo-600'
                      : 'text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 [&_svg]:text-zinc-400',
                  )}
                >
                  {link.icon}
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
        {extra ? <div className="mt-2 flex flex-wrap items-center gap-3 border-t border-zinc-100 px-3 pt-3 pb-1 lg:hidden">{extra}</div> : null}
      </div>
    </nav>
  );
}
