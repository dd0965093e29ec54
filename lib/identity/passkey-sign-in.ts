import 'server-only';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/types';
import { z } from 'zod';
import type { PublicActionSpec } from '@/lib/actions/action-spec';
import { InputError } from '@/lib/errors';
import { startPasskeyAssertion } from './passkey-assertion';
import { passkeyRelyingParty } from './passkey-relying-party';

export const startPasskeySignInInput = z.object({});

export interface PasskeyAssertionData {
  challengeId: string;
  options: PublicKeyCredentialRequestOptionsJSON;
}

/**
 * The first half of a passwordless sign-in at /login: a challenge for any passkey of the portal (the browser
 * offers the person's own). The second half is Auth.js's `passkey` provider (lib/auth/auth.ts).
 */
export const startPasskeySignInSpec: PublicActionSpec<typeof startPasskeySignInInput, PasskeyAssertionData, PasskeyAssertionData> = {
  name: 'startPasskeySignIn',
  access: 'public',
  input: startPasskeySignInInput,
  async run({ tx, meta }) {
    const rp = passkeyRelyingParty(meta.origin);
    if (!rp.ok) throw new InputError(rp.reason);
    return startPasskeyAssertion(tx, { purpose: 'sign_in', userId: null }, rp.rp);
  },
  data: (r) => r,
  // A challenge handed out is no event; the sign-in (or its failure) is audited.
  audit: () => null,
};
