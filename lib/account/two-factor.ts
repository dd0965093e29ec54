import 'server-only';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { UserActionSpec } from '@/lib/actions/action-spec';
import { markSecondFactorGiven } from '@/lib/auth/sessions';
import { InputError } from '@/lib/errors';
import { confirmTotpEnrolment, listFactors, removeFactor, renameFactor, startTotpEnrolment } from '@/lib/identity/factors';
import { replaceRecoveryCodes } from '@/lib/identity/recovery-codes';
import { storableText } from '@/lib/validation/storable';

const partnerIdOf = (actor: { membership: { partnerId: string } | null }) => actor.membership?.partnerId ?? null;

export const startTotpEnrolmentInput = z.object({});

export interface TotpEnrolmentData {
  factorId: string;
  /** For typing into the app by hand, when the QR code cannot be scanned. */
  secret: string;
  qrCode: string;
}

/** Step one: a new secret and its QR code. Nothing changes for the user until a code confirms it. */
export const startTotpEnrolmentSpec: UserActionSpec<typeof startTotpEnrolmentInput, TotpEnrolmentData, TotpEnrolmentData> = {
  name: 'startTotpEnrolment',
  access: 'user',
  input: startTotpEnrolmentInput,
  policy: () => 'self',
  async run({ tx, actor }) {
    const { factorId, secret, uri } = await startTotpEnrolment(tx, { userId: actor.userId, email: actor.email });
    return { factorId, secret, qrCode: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) };
  },
  data: (r) => r,
  // Nothing is enabled yet: the confirmation is what the trail records.
  audit: () => null,
};

export const confirmTotpEnrolmentInput = z.object({
  factorId: storableText().min(1).max(64),
  code: storableText().trim().min(1, 'Enter the 6-digit code your app shows').max(20),
  name: storableText().trim().max(60).optional(),
});

export interface ConfirmedFactorData {
  /** Ten recovery codes, shown this once; null when the user already had some. */
  recoveryCodes: string[] | null;
}

/** Step two: a code from the app turns the factor on; the first factor also brings ten recovery codes. */
export const confirmTotpEnrolmentSpec: UserActionSpec<
  typeof confirmTotpEnrolmentInput,
  { factorId: string; recoveryCodes: string[] | null },
  ConfirmedFactorData
> = {
  name: 'confirmTotpEnrolment',
  access: 'user',
  input: confirmTotpEnrolmentInput,
  policy: () => 'self',
  async run({ input, tx, actor, meta }) {
    const result = await confirmTotpEnrolment(tx, actor.userId, input);
    // The code just typed proves the factor: this session counts as confirmed for a step-up.
    if (meta.sessionId) await markSecondFactorGiven(tx, meta.sessionId);
    return result;
  },
  message: 'Two-factor sign-in is on. Keep your recovery codes somewhere safe.',
  data: (r) => ({ recoveryCodes: r.recoveryCodes }),
  audit: (r, _input, actor) => ({
    action: 'factor.add',
    partnerId: partnerIdOf(actor),
    targetType: 'factor',
    targetId: r.factorId,
    metadata: { kind: 'totp' },
  }),
};

export const renameFactorInput = z.object({
  factorId: storableText().min(1).max(64),
  name: storableText().trim().min(1, 'Enter a name').max(60),
});

export const renameFactorSpec: UserActionSpec<typeof renameFactorInput, { id: string; name: string }> = {
  name: 'renameFactor',
  access: 'user',
  input: renameFactorInput,
  policy: () => 'self',
  run: ({ input, tx, actor }) => renameFactor(tx, actor.userId, input.factorId, input.name),
  message: (r) => `Renamed to “${r.name}”.`,
  audit: (r, _input, actor) => ({ action: 'factor.rename', partnerId: partnerIdOf(actor), targetType: 'factor', targetId: r.id, metadata: { name: r.name } }),
};

export const removeFactorInput = z.object({ factorId: storableText().min(1).max(64) });

/** Refused for the last factor while the user must use two-factor (staff policy, organization policy). */
export const removeFactorSpec: UserActionSpec<typeof removeFactorInput, { id: string; name: string; wasLast: boolean }> = {
  name: 'removeFactor',
  access: 'user',
  input: removeFactorInput,
  policy: () => 'self',
  async run({ input, tx, actor }) {
    const { factor, wasLast } = await removeFactor(tx, actor.userId, input.factorId);
    return { id: factor.id, name: factor.name, wasLast };
  },
  message: (r) => (r.wasLast ? `“${r.name}” removed. Two-factor sign-in is off and your recovery codes are void.` : `“${r.name}” removed.`),
  audit: (r, _input, actor) => ({
    action: 'factor.remove',
    partnerId: partnerIdOf(actor),
    targetType: 'factor',
    targetId: r.id,
    metadata: { name: r.name, last: r.wasLast },
  }),
};

export const regenerateRecoveryCodesInput = z.object({});

/** Ten new codes; the old ones stop working. */
export const regenerateRecoveryCodesSpec: UserActionSpec<typeof regenerateRecoveryCodesInput, { recoveryCodes: string[] }, ConfirmedFactorData> = {
  name: 'regenerateRecoveryCodes',
  access: 'user',
  input: regenerateRecoveryCodesInput,
  policy: () => 'self',
  async run({ tx, actor }) {
    if ((await listFactors(tx, actor.userId)).length === 0) throw new InputError('Turn on two-factor sign-in first: recovery codes stand in for a factor.');
    return { recoveryCodes: await replaceRecoveryCodes(tx, actor.userId) };
  },
  message: 'New recovery codes made; the old ones no longer work.',
  data: (r) => ({ recoveryCodes: r.recoveryCodes }),
  audit: (_r, _input, actor) => ({ action: 'factor.recovery_codes_replace', partnerId: partnerIdOf(actor), targetType: 'user', targetId: actor.userId }),
};
