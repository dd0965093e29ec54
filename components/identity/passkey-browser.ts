'use client';

import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/types';

export type BrowserOutcome = { ok: true; credential: string } | { ok: false; error: string };

/** What to tell a person whose browser's passkey prompt failed: cancelled and timed out look the same. */
function messageOf(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'AbortError') return 'The passkey prompt was closed or timed out. Try again.';
  if (name === 'InvalidStateError') return 'This device already holds a passkey of yours for this portal.';
  if (name === 'SecurityError') return 'Your browser refused passkeys on this address.';
  return 'Your browser could not use a passkey here.';
}

/** Asks the browser (and its authenticator) to create a passkey; its answer as JSON text for the server. */
export async function createPasskey(options: PublicKeyCredentialCreationOptionsJSON): Promise<BrowserOutcome> {
  try {
    return { ok: true, credential: JSON.stringify(await startRegistration(options)) };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

/** Asks the browser for a passkey's signature over the server's challenge; its answer as JSON text. */
export async function answerWithPasskey(options: PublicKeyCredentialRequestOptionsJSON): Promise<BrowserOutcome> {
  try {
    return { ok: true, credential: JSON.stringify(await startAuthentication(options)) };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}
