import 'server-only';
import { changePasswordSpec } from '@/lib/account/change-password';
import { endSessionSpec } from '@/lib/account/end-session';
import { finishPasskeyRegistrationSpec, removePasskeySpec, renamePasskeySpec, startPasskeyRegistrationSpec } from '@/lib/account/passkeys';
import { confirmTotpEnrolmentSpec, regenerateRecoveryCodesSpec, removeFactorSpec, renameFactorSpec, startTotpEnrolmentSpec } from '@/lib/account/two-factor';
import { signOutOtherSessionsSpec } from '@/lib/account/sign-out-other-sessions';
import { switchOrganizationSpec } from '@/lib/account/switch-organization';
import { updateProfileSpec } from '@/lib/account/update-profile';
import { saveWebhookSpec, sendTestAlertSpec } from '@/lib/alerts/webhook-settings';
import { createApiSpec, createEndpointSpec, deleteEndpointSpec, updateApiSpec, updateEndpointSpec } from '@/lib/catalog/manage-catalog';
import { publishDocSpec, unpublishDocSpec } from '@/lib/docs/publish-doc';
import { createDocSpec, updateDocSpec } from '@/lib/docs/save-doc';
import { acceptInviteSpec, signUpWithInviteSpec } from '@/lib/invites/accept-invite';
import { createInviteSpec } from '@/lib/invites/create-invite';
import { revokeInviteSpec } from '@/lib/invites/revoke-invite';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { revokeKeySpec } from '@/lib/keys/revoke-key-action';
import { rotateKeySpec } from '@/lib/keys/rotate-key-action';
import { createTryItKeySpec } from '@/lib/keys/try-it-key';
import { changeMemberRoleSpec } from '@/lib/members/change-member-role';
import { removeMemberSpec } from '@/lib/members/remove-member';
import { transferPrimaryContactSpec } from '@/lib/members/transfer-primary-contact';
import { confirmSignUpSpec, signUpSpec } from '@/lib/onboarding/sign-up';
import { approvePartnerSpec } from '@/lib/partners/approve-partner';
import { createPartnerSpec } from '@/lib/partners/create-partner';
import { reactivatePartnerSpec, suspendPartnerSpec } from '@/lib/partners/suspend-partner';
import { updatePartnerProfileSpec, updatePartnerSettingsSpec } from '@/lib/partners/update-partner';
import { createEnvironmentSpec } from '@/lib/secrets/environments';
import { importDotenvSpec, previewDotenvImportSpec } from '@/lib/secrets/import-dotenv';
import { exportEnvironmentSpec, revealSecretSpec } from '@/lib/secrets/read-secrets';
import { createSecretSpec, deleteSecretSpec, restoreSecretSpec, rollbackSecretSpec, updateSecretSpec } from '@/lib/secrets/write-secrets';
import { saveOrganizationSsoSpec } from '@/lib/identity/organization-sso';
import { confirmDomainSpec, startDomainVerificationSpec } from '@/lib/identity/sso-domains';
import { setOrganizationTwoFactorSpec, setStaffTwoFactorSpec } from '@/lib/identity/two-factor-settings';
import { startPasskeySignInSpec } from '@/lib/identity/passkey-sign-in';
import { endUserSessionsSpec } from '@/lib/users/end-user-sessions';
import { setUserDisabledSpec } from '@/lib/users/set-user-disabled';
import type { ActionSpec } from './action-spec';

/**
 * Every action spec, by its export name, so that tests can walk them all: each is built into a server
 * action by `defineAction` (or listed in `nonFormActions`) and writes its audit rows. A new spec goes here.
 */
export const actionSpecs = {
  changePasswordSpec,
  signOutOtherSessionsSpec,
  updateProfileSpec,
  saveWebhookSpec,
  sendTestAlertSpec,
  createApiSpec,
  updateApiSpec,
  createEndpointSpec,
  updateEndpointSpec,
  deleteEndpointSpec,
  createDocSpec,
  updateDocSpec,
  publishDocSpec,
  unpublishDocSpec,
  createInviteSpec,
  revokeInviteSpec,
  acceptInviteSpec,
  signUpWithInviteSpec,
  createKeySpec,
  createTryItKeySpec,
  rotateKeySpec,
  revokeKeySpec,
  changeMemberRoleSpec,
  removeMemberSpec,
  transferPrimaryContactSpec,
  signUpSpec,
  confirmSignUpSpec,
  createPartnerSpec,
  approvePartnerSpec,
  suspendPartnerSpec,
  reactivatePartnerSpec,
  updatePartnerSettingsSpec,
  updatePartnerProfileSpec,
  createEnvironmentSpec,
  createSecretSpec,
  updateSecretSpec,
  rollbackSecretSpec,
  deleteSecretSpec,
  restoreSecretSpec,
  revealSecretSpec,
  exportEnvironmentSpec,
  previewDotenvImportSpec,
  importDotenvSpec,
  setUserDisabledSpec,
  endSessionSpec,
  switchOrganizationSpec,
  endUserSessionsSpec,
  startTotpEnrolmentSpec,
  confirmTotpEnrolmentSpec,
  renameFactorSpec,
  removeFactorSpec,
  regenerateRecoveryCodesSpec,
  startPasskeyRegistrationSpec,
  finishPasskeyRegistrationSpec,
  renamePasskeySpec,
  removePasskeySpec,
  startPasskeySignInSpec,
  setStaffTwoFactorSpec,
  setOrganizationTwoFactorSpec,
  saveOrganizationSsoSpec,
  startDomainVerificationSpec,
  confirmDomainSpec,
} as const;

export type ActionSpecName = keyof typeof actionSpecs;

/**
 * Specs that no server action builds, with the reason: run only through `/api/v1` or by ops scripts.
 * Every other spec must be reachable from a `defineAction` in a `'use server'` module.
 */
export const nonFormActions: Partial<Record<ActionSpecName, string>> = {};

/** The registry as a list, typed loosely enough for code that runs any spec (`executeAction`). */
export function allActionSpecs(): [ActionSpecName, ActionSpec<never, unknown, unknown>][] {
  return Object.entries(actionSpecs) as [ActionSpecName, ActionSpec<never, unknown, unknown>][];
}
