import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { themeBootScript } from '@/components/shell/theme';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Partner Portal', template: '%s · Partner Portal' },
  description: 'API keys, usage, documentation and secrets for our API partners.',
};

export const viewport: Viewport = {
  themeColor: '#4f46e5',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The `dark` class is set by the boot script before hydration, hence the warning suppressed on <html> only.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body className="min-h-screen">
        {/* Not "main": doc headings get ids from their text, and one called "Main" would capture the skip link. */}
        <a
          href="#portal-main"
          className="sr-only rounded-lg bg-white px-4 py-2 text-sm font-semibold text-indigo-700 shadow-lg ring-1 ring-zinc-200 focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
