import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db';
import { auditLogs, memberships, secrets } from '@/db/schema';
import { actionSpecs } from '@/lib/actions/action-registry';
import { executeAction } from '@/lib/actions/execute-action';
import { openSignInSession } from '@/lib/identity/open-session';
import { generate } from 'otplib';
import { actorOf, createCast, createOrg, createUser, testMeta, TEST_PASSWORD } from '../support/fixtures';
import { SoftAuthenticator } from '../support/soft-authenticator';
import { createTryItKeySpec } from '@/lib/keys/try-it-key';

// Sign-up mails its confirmation link; the link is read from here.
const outbox = vi.hoisted(() => [] as { to: string; text: string }[]);
vi.mock('@/lib/mail/send-mail', () => ({
  sendMail: async (mail: { to: string; text: string }) => void outbox.push(mail),
  sendMailInBackground: (mail: { to: string; text: string }) => void outbox.push(mail),
}));

type AnySpec = Parameters<typeof executeAction>[0];
type Actor = Awaited<ReturnType<typeof actorOf>>;

const {
  approvePartnerSpec,
  acceptInviteSpec,
  changeMemberRoleSpec,
  changePasswordSpec,
  confirmSignUpSpec,
  createApiSpec,
  createDocSpec,
  createEndpointSpec,
  createEnvironmentSpec,
  createInviteSpec,
  createKeySpec,
  createPartnerSpec,
  createSecretSpec,
  deleteEndpointSpec,
  deleteSecretSpec,
  exportEnvironmentSpec,
  importDotenvSpec,
  previewDotenvImportSpec,
  publishDocSpec,
  reactivatePartnerSpec,
  removeMemberSpec,
  restoreSecretSpec,
  revealSecretSpec,
  revokeInviteSpec,
  revokeKeySpec,
  rollbackSecretSpec,
  rotateKeySpec,
  saveWebhookSpec,
  sendTestAlertSpec,
  setUserDisabledSpec,
  signOutOtherSessionsSpec,
  signUpSpec,
  endSessionSpec,
  switchOrganizationSpec,
  endUserSessionsSpec,
  startTotpEnrolmentSpec,
  confirmTotpEnrolmentSpec,
  renameFactorSpec,
  regenerateRecoveryCodesSpec,
  removeFactorSpec,
  startPasskeyRegistrationSpec,
  finishPasskeyRegistrationSpec,
  renamePasskeySpec,
  removePasskeySpec,
  startPasskeySignInSpec,
  setOrganizationTwoFactorSpec,
  setStaffTwoFactorSpec,
  saveOrganizationSsoSpec,
  startDomainVerificationSpec,
  confirmDomainSpec,
  signUpWithInviteSpec,
  suspendPartnerSpec,
  transferPrimaryContactSpec,
  unpublishDocSpec,
  updateApiSpec,
  updateDocSpec,
  updateEndpointSpec,
  updatePartnerProfileSpec,
  updatePartnerSettingsSpec,
  updateProfileSpec,
  updateSecretSpec,
} = actionSpecs;

/** The specs this file ran successfully; the last test checks that it is every spec of the registry. */
const executed = new Set<unknown>();

describe('the audit trail', () => {
  it('has a row, with actor, organization, IP and user agent, for every sensitive action', async () => {
    const { admin, partnerAdmin, developer, org } = await createCast();
    const expected: string[] = [];
    async function act(spec: unknown, input: Record<string, unknown>, actor: Actor | null, action: string | string[]) {
      const outcome = await executeAction(spec as AnySpec, input, { actor, meta: testMeta });
      executed.add(spec);
      expect(outcome.result, JSON.stringify(outcome.result)).toMatchObject({ ok: true });
      expected.push(...[action].flat());
      return outcome.value as Record<string, unknown>;
    }
    const token = (link: unknown) => String(link).split('/invite/')[1];

    const created = await act(createPartnerSpec, { name: 'Audited Co', supportTier: 'standard', primaryContactEmail: 'boss@audited.test' }, admin, [
      'partner.create',
      'member.invite',
    ]);
    const boss = await act(
      signUpWithInviteSpec,
      { token: token((created.invite as { link: string }).link), name: 'Boss', password: 'a long enough password' },
      null,
      'member.join',
    );
    await act(suspendPartnerSpec, { partnerId: created.partnerId }, admin, 'partner.suspend');
    await act(reactivatePartnerSpec, { partnerId: created.partnerId }, admin, 'partner.reactivate');
    await act(
      updatePartnerSettingsSpec,
      { partnerId: org.id, supportTier: 'enterprise', keyRateLimitPerMinute: 60, monthlyQuota: 1000 },
      admin,
      'partner.update_settings',
    );
    const pending = await createOrg({ status: 'pending' });
    await act(approvePartnerSpec, { partnerId: pending.id }, admin, 'partner.approve');

    await act(updatePartnerProfileSpec, { name: org.name, website: 'https://x.example', description: 'd' }, partnerAdmin, 'partner.update_profile');
    const invite = await act(createInviteSpec, { email: 'dev2@x.test', role: 'developer' }, partnerAdmin, 'member.invite');
    await act(revokeInviteSpec, { inviteId: invite.inviteId }, partnerAdmin, 'member.invite_revoke');
    const existing = await createUser({ email: 'joiner@x.test' });
    const joinInvite = await act(createInviteSpec, { email: 'joiner@x.test', role: 'partner_admin' }, partnerAdmin, 'member.invite');
    await act(acceptInviteSpec, { token: token(joinInvite.link) }, await actorOf(existing.id), 'member.join');
    // The joiner, the first partner_admin to accept, became the primary contact; hand it back.
    const [adminMembership] = await db.select().from(memberships).where(eq(memberships.userId, partnerAdmin.userId));
    await act(transferPrimaryContactSpec, { membershipId: adminMembership!.id }, partnerAdmin, 'partner.primary_contact_transfer');
    const [devMembership] = await db.select().from(memberships).where(eq(memberships.userId, developer.userId));
    await act(changeMemberRoleSpec, { membershipId: devMembership!.id, role: 'partner_admin' }, partnerAdmin, 'member.role_change');
    await act(removeMemberSpec, { membershipId: devMembership!.id }, partnerAdmin, 'member.remove');

    const key = await act(createKeySpec, { name: 'k', environment: 'test' }, partnerAdmin, 'key.create');
    const rotated = await act(rotateKeySpec, { keyId: (key.key as { id: string }).id, grace: 'now' }, partnerAdmin, 'key.rotate');
    await act(revokeKeySpec, { keyId: (rotated.key as { id: string }).id }, partnerAdmin, 'key.revoke');
    await act(createTryItKeySpec, {}, partnerAdmin, 'key.create');
    await act(updateProfileSpec, { name: 'New Name' }, partnerAdmin, 'user.update_profile');
    await act(
      changePasswordSpec,
      { currentPassword: TEST_PASSWORD, newPassword: 'another long password', confirmPassword: 'another long password' },
      partnerAdmin,
      'user.change_password',
    );
    await act(setUserDisabledSpec, { userId: String(boss.userId), disabled: 'true' }, admin, 'user.disable');
    await act(setUserDisabledSpec, { userId: String(boss.userId), disabled: 'false' }, admin, 'user.enable');

    const rows = await db.select().from(auditLogs);
    expect(rows.map((r) => r.action).sort()).toEqual([...expected].sort());
    for (const row of rows) {
      expect(row.actorId, row.action).toBeTruthy();
      expect(row.actorLabel, row.action).toMatch(/@/);
      expect(row.ip, row.action).toBe(testMeta.ip);
      expect(row.userAgent, row.action).toBe(testMeta.userAgent);
    }
  });

  describe('the other actions', () => {
    // A webhook receiver for the test alert (on 127.0.0.1: a private destination, allowed for the test).
    const server = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(204).end());
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    /** Runs a spec and checks the audit row(s) it wrote, by action, with the request's IP and user agent. */
    async function act(spec: unknown, input: Record<string, unknown>, actor: Actor | null, actions: string[], meta = testMeta) {
      const before = new Set((await db.select({ id: auditLogs.id }).from(auditLogs)).map((r) => r.id));
      const outcome = await executeAction(spec as AnySpec, input, { actor, meta });
      expect(outcome.result, `${(spec as { name: string }).name}: ${JSON.stringify(outcome.result)}`).toMatchObject({ ok: true });
      const rows = (await db.select().from(auditLogs)).filter((r) => !before.has(r.id));
      expect(rows.map((r) => r.action).sort(), (spec as { name: string }).name).toEqual([...actions].sort());
      for (const row of rows) {
        expect(row.actorLabel, row.action).toBeTruthy();
        expect(row.ip, row.action).toBe(testMeta.ip);
        expect(row.userAgent, row.action).toBe(testMeta.userAgent);
      }
      executed.add(spec);
      return outcome.value as Record<string, unknown>;
    }

    it('write their rows: account, alerts, catalog, docs, sign-up, secrets', async () => {
      const { admin, partnerAdmin } = await createCast();

      await act(signOutOtherSessionsSpec, {}, partnerAdmin, ['user.sign_out_other_sessions']);

      // Sessions, second factors and two-factor policies.
      const me = await actorOf((await createUser()).id);
      const sessionId = await openSignInSession(db, { id: me.userId, email: me.email }, { method: 'password', ip: testMeta.ip, userAgent: testMeta.userAgent });
      const second = await createOrg();
      await db.insert(memberships).values({ id: 'mem_audited_switch', partnerId: second.id, userId: partnerAdmin.userId, role: 'developer' });
      const adminSession = await openSignInSession(
        db,
        { id: partnerAdmin.userId, email: partnerAdmin.email },
        { method: 'password', ip: testMeta.ip, userAgent: testMeta.userAgent },
      );
      await act(switchOrganizationSpec, { partnerId: second.id }, partnerAdmin, ['session.switch_organization'], { ...testMeta, sessionId: adminSession });
      await act(endSessionSpec, { sessionId }, me, ['session.end']);
      await act(endUserSessionsSpec, { userId: me.userId }, admin, ['user.sessions_end']);
      const enrolment = await act(startTotpEnrolmentSpec, {}, me, []);
      const factor = await act(confirmTotpEnrolmentSpec, { factorId: enrolment.factorId, code: await generate({ secret: String(enrolment.secret) }) }, me, [
        'factor.add',
      ]);
      await act(renameFactorSpec, { factorId: factor.factorId, name: 'Phone' }, me, ['factor.rename']);
      await act(regenerateRecoveryCodesSpec, {}, me, ['factor.recovery_codes_replace']);
      await act(removeFactorSpec, { factorId: factor.factorId }, me, ['factor.remove']);
      // Passkeys: the relying party is the configured origin; a software authenticator answers.
      vi.stubEnv('PASSKEY_ORIGIN', 'https://portal.test');
      try {
        const authenticator = new SoftAuthenticator('portal.test', 'https://portal.test');
        const registration = await act(startPasskeyRegistrationSpec, {}, me, []);
        const passkey = await act(
          finishPasskeyRegistrationSpec,
          { challengeId: registration.challengeId, credential: JSON.stringify(authenticator.register(registration.options as { challenge: string })) },
          me,
          ['factor.add'],
        );
        await act(renamePasskeySpec, { passkeyId: passkey.id, name: 'Laptop' }, me, ['factor.rename']);
        await act(removePasskeySpec, { passkeyId: passkey.id }, me, ['factor.remove']);
        // The first half of a passwordless sign-in hands out a challenge; the sign-in itself is audited by Auth.js's provider.
        await act(startPasskeySignInSpec, {}, null, []);
      } finally {
        vi.unstubAllEnvs();
      }
      await act(setOrganizationTwoFactorSpec, { required: 'false' }, partnerAdmin, ['security.organization_two_factor']);
      await act(setStaffTwoFactorSpec, { required: 'false' }, admin, ['security.staff_two_factor']);
      await act(saveOrganizationSsoSpec, { issuer: 'https://idp.audited.test', clientId: 'portal', clientSecret: 'idp-secret' }, partnerAdmin, [
        'security.sso_update',
      ]);
      await act(startDomainVerificationSpec, { email: 'it@audited-sso.test' }, partnerAdmin, ['security.sso_domain_requested']);
      const domainToken = outbox
        .filter((m) => m.to === 'it@audited-sso.test')
        .at(-1)
        ?.text.match(/\/sso\/verify-domain\/([\w-]+)/)?.[1];
      await act(confirmDomainSpec, { token: domainToken }, null, ['security.sso_domain_verified']);

      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const env = {
        ALERT_WEBHOOK_ALLOW_HTTP: process.env.ALERT_WEBHOOK_ALLOW_HTTP,
        WEBHOOK_ALLOW_PRIVATE_DESTINATIONS: process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS,
      };
      process.env.ALERT_WEBHOOK_ALLOW_HTTP = '1';
      process.env.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS = 'true';
      try {
        await act(saveWebhookSpec, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` }, partnerAdmin, ['alert.webhook_update']);
        await act(sendTestAlertSpec, {}, partnerAdmin, ['alert.webhook_test']);
      } finally {
        for (const [name, value] of Object.entries(env)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }

      const api = await act(createApiSpec, { name: 'Audited API', slug: 'audited-api', version: 'v9', description: 'd' }, admin, ['api.create']);
      await act(updateApiSpec, { apiId: api.id, name: 'Audited API', slug: 'audited-api', version: 'v9', description: 'changed' }, admin, ['api.update']);
      const endpoint = await act(createEndpointSpec, { apiId: api.id, method: 'GET', path: '/audited', status: 'active' }, admin, ['endpoint.create']);
      await act(updateEndpointSpec, { endpointId: endpoint.id, method: 'GET', path: '/audited', status: 'active', description: 'changed' }, admin, [
        'endpoint.update',
      ]);
      await act(deleteEndpointSpec, { endpointId: endpoint.id }, admin, ['endpoint.delete']);

      const doc = await act(createDocSpec, { title: 'Audited doc', apiVersion: 'v1', content: 'Hello' }, admin, ['doc.create']);
      await act(updateDocSpec, { docId: doc.id, title: 'Audited doc', apiVersion: 'v1', content: 'Hello again', baseRevision: doc.revision }, admin, [
        'doc.update',
      ]);
      await act(publishDocSpec, { docId: doc.id }, admin, ['doc.publish']);
      await act(unpublishDocSpec, { docId: doc.id }, admin, ['doc.unpublish']);

      await act(signUpSpec, { name: 'Pat', email: 'pat@audited-signup.test', password: 'a long enough password', organization: 'Audited Signup' }, null, []);
      const link = outbox
        .filter((m) => m.to === 'pat@audited-signup.test')
        .at(-1)
        ?.text.match(/\/signup\/confirm\/([A-Za-z0-9]+)/)?.[1];
      await act(confirmSignUpSpec, { token: link }, null, ['partner.sign_up']);

      await act(createEnvironmentSpec, { slug: 'audited' }, partnerAdmin, ['secret.environment_create']);
      const secret = await act(createSecretSpec, { environment: 'audited', name: 'AUDITED', value: 'one' }, partnerAdmin, ['secret.create']);
      await act(updateSecretSpec, { secretId: secret.id, value: 'two' }, partnerAdmin, ['secret.update']);
      await act(rollbackSecretSpec, { secretId: secret.id, version: 1 }, partnerAdmin, ['secret.rollback']);
      await act(revealSecretSpec, { secretId: secret.id }, partnerAdmin, ['secret.reveal']);
      await act(exportEnvironmentSpec, { environment: 'audited' }, partnerAdmin, ['secret.export']);
      await act(previewDotenvImportSpec, { environment: 'audited', content: 'AUDITED=three\nOTHER=x' }, partnerAdmin, ['secret.import_preview']);
      await act(importDotenvSpec, { environment: 'audited', content: 'AUDITED=three\nOTHER=x' }, partnerAdmin, ['secret.import']);
      await act(deleteSecretSpec, { secretId: secret.id }, partnerAdmin, ['secret.delete']);
      await act(restoreSecretSpec, { secretId: secret.id }, partnerAdmin, ['secret.restore']);
      const [restored] = await db
        .select({ deletedAt: secrets.deletedAt })
        .from(secrets)
        .where(eq(secrets.id, String(secret.id)));
      expect(restored?.deletedAt).toBeNull();
    });
  });

  it('covers every action spec of the registry (lib/actions/action-registry.ts)', () => {
    const missing = Object.entries(actionSpecs)
      .filter(([, spec]) => !executed.has(spec))
      .map(([name]) => name);
    expect(missing, 'specs this test never ran: add an execution above that checks its audit row').toEqual([]);
  });
});
