import 'server-only';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/types';
import { z } from 'zod';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import type { RequestMeta } from '@/lib/audit/write-audit-log';
import { InputError } from '@/lib/errors';
import { passkeyRelyingParty, type RelyingParty } from '@/lib/identity/passkey-relying-party';
import { finishPasskeyRegistration, parseCredentialJson, removePasskey, renamePasskey, startPasskeyRegistration } from '@/lib/identity/passkeys';
import { storableText } from '@/lib/validation/storable';

const partnerIdOf = (actor: { membership: { partnerId: string } | null }) => actor.membership?.partnerId ?? null;

/** The relying party of this request, or the reason passkeys are off here (an IP address, plain http). */
export function relyingPartyOf(meta: RequestMeta): RelyingParty {
  const result = passkeyRelyingParty(meta.origin);
  if (!result.ok) throw new InputError(result.reason);
  return result.rp;
}

export const startPasskeyRegistrationInput = z.object({});

export interface PasskeyRegistrationData {
  challengeId: string;
  options: PublicKeyCredentialCreationOptionsJSON;
}

/** Step one: the options the browser creates the passkey with. Nothing changes until step two. */
export const startPasskeyRegistrationSpec: UserActionSpec<typeof startPasskeyRegistrationInput, PasskeyRegistrationData, PasskeyRegistrationData> = {
  name: 'startPasskeyRegistration',
  access: 'user',
  input: startPasskeyRegistrationInput,
  policy: () => 'self',
  run: ({ tx, actor, meta }) => startPasskeyRegistration(tx, actor, relyingPartyOf(meta)),
  data: (r) => r,
  // Nothing is added yet: the passkey's arrival is what the trail records.
  audit: () => null,
};

export const finishPasskeyRegistrationInput = z.object({
  challengeId: storableText().min(1).max(64),
  credential: storableText().min(1, 'Your browser sent no passkey. Try again.').max(20_000),
  name: storableText().trim().max(60).optional(),
});

export const finishPasskeyRegistrationSpec: UserActionSpec<typeof finishPasskeyRegistrationInput, { id: string; name: string }> = {
  name: 'finishPasskeyRegistration',
  access: 'user',
  input: finishPasskeyRegistrationInput,
  policy: () => 'self',
  async run({ input, tx, actor, meta }) {
    const response = parseCredentialJson<RegistrationResponseJSON>(input.credential);
    const passkey = await finishPasskeyRegistration(tx, actor.userId, { challengeId: input.challengeId, response, name: input.name }, relyingPartyOf(meta));
    return { id: passkey.id, name: passkey.name };
  },
  message: (r) => `Passkey “${r.name}” added. You can sign in with it.`,
  audit: (r, _input, actor) => ({
    action: 'factor.add',
    partnerId: partnerIdOf(actor),
    targetType: 'passkey',
    targetId: r.id,
    metadata: { kind: 'passkey', name: r.name },
  }),
};

export const renamePasskeyInput = z.object({
  passkeyId: storableText().min(1).max(64),
  name: storableText().trim().min(1, 'Enter a name').max(60),
});

export const renamePasskeySpec: UserActionSpec<typeof renamePasskeyInput, { id: string; name: string }> = {
  name: 'renamePasskey',
  access: 'user',
  input: renamePasskeyInput,
  policy: () => 'self',
  run: ({ input, tx, actor }) => renamePasskey(tx, actor.userId, input.passkeyId, input.name),
  message: (r) => `Renamed to “${r.name}”.`,
  audit: (r, _input, actor) => ({
    action: 'factor.rename',
    partnerId: partnerIdOf(actor),
    targetType: 'passkey',
    targetId: r.id,
    metadata: { kind: 'passkey', name: r.name },
  }),
};

export const removePasskeyInput = z.object({ passkeyId: storableText().min(1).max(64) });

/** Refused for the last second factor while the user must use two-factor, like an authenticator app's removal. */
export const removePasskeySpec: UserActionSpec<typeof removePasskeyInput, { id: string; name: string; wasLast: boolean }> = {
  name: 'removePasskey',
  access: 'user',
  input: removePasskeyInput,
  policy: () => 'self',
  async run({ input, tx, actor }) {
    const { passkey, wasLast } = await removePasskey(tx, actor.userId, input.passkeyId);
    return { id: passkey.id, name: passkey.name, wasLast };
  },
  message: (r) => (r.wasLast ? `“${r.name}” removed. Two-factor sign-in is off and your recovery codes are void.` : `“${r.name}” removed.`),
  audit: (r, _input, actor) => ({
    action: 'factor.remove',
    partnerId: partnerIdOf(actor),
    targetType: 'passkey',
    targetId: r.id,
    metadata: { kind: 'passkey', name: r.name, last: r.wasLast },
  }),
};
