'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
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

/** The sidebar (a row of tabs on small screens). Client-side so the current page follows navigation. */
export function MainNav({ links }: { links: MainNavLink[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="px-3 py-2 lg:py-4">
      <ul className="flex gap-1 overflow-x-auto lg:flex-col lg:overflow-visible">
        {links.map((link) => {
          const current = isCurrentSection(link.href, pathname);
          return (
            <li key={link.href} className="shrink-0">
              <Link
                href={link.href}
                aria-current={current ? 'page' : undefined}
                className={cn(
                  'flex items-center gap-2.5 rounded-lg px-3 py-2 text-sm font-medium transition-colors [&_svg]:size-4 [&_svg]:shrink-0',
                  current
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
    </nav>
  );
}
