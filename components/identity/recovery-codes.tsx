'use client';

import { Download } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';

/** Ten codes shown once, with a .txt to keep: each signs in once when the authenticator is lost. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const text = `Partner Portal recovery codes\nEach code works once, in place of a code from your authenticator app.\n\n${codes.join('\n')}\n`;
  return (
    <Alert tone="warning" title="Your recovery codes (shown only now)">
      <p className="mb-3">Save them somewhere safe. Each works once if you lose your authenticator app.</p>
      <ul aria-label="Recovery codes" className="mb-4 grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <a
        href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
        download="partner-portal-recovery-codes.txt"
        className={buttonClasses({ variant: 'secondary', size: 'sm' })}
      >
        <Download aria-hidden="true" />
        Download as .txt
      </a>
    </Alert>
  );
}
