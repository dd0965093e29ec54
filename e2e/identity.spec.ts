import { generate } from 'otplib';
import { expect, test, type Browser } from './fixtures';
import { demo, fillSignIn, mainNav, mailFromServerLog, signIn, uniqueEmail } from './support';

/** An admin creates an organization; its primary contact joins through the invitation with a password. */
async function newPartnerAdmin(browser: Browser) {
  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, demo.admin);
  await staff.goto('/partners/new');
  const orgName = `Identity ${Date.now().toString(36)}`;
  const email = uniqueEmail('ida');
  await staff.getByLabel('Name', { exact: true }).fill(orgName);
  await staff.getByLabel('Primary contact email').fill(email);
  await staff.getByRole('button', { name: 'Create organization' }).click();
  const link = await staff.getByLabel('Invitation link').inputValue();
  await staff.context().close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL(link).pathname);
  await page.getByLabel('Your name').fill('Ida Identity');
  await page.getByLabel('Password').fill('a sufficiently long password');
  await page.getByRole('button', { name: 'Create account and join' }).click();
  await expect(mainNav(page).getByRole('link', { name: 'Organization' })).toBeVisible();
  return { page, email, password: 'a sufficiently long password', orgName };
}

const codeFor = (secret: string, offsetSeconds = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

test('TOTP: enrol on the account page, then a password sign-in asks for the code the test computes', async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, email, password } = await newPartnerAdmin(browser);

  await page.goto('/account');
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Code from the app').fill(await codeFor(secret));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await expect(page.getByRole('link', { name: 'Download as .txt' })).toHaveAttribute('download', 'partner-portal-recovery-codes.txt');

  // Signed out, then in again: the password alone opens nothing.
  await page.context().clearCookies();
  await page.goto('/login');
  await fillSignIn(page, email, password);
  await expect(page).toHaveURL(/\/two-factor$/);
  await page.goto('/keys');
  await expect(page).toHaveURL(/\/two-factor$/);

  await page.getByLabel('Code').fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('That code is not right, or was already used.')).toBeVisible();

  // The next step's code (one step of drift is accepted; the enrolment's own step is used up).
  await page.getByLabel('Code').fill(await codeFor(secret, 30));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(mainNav(page).getByRole('link', { name: 'Organization' })).toBeVisible();

  // The session list shows this session, signed in with a password.
  await page.goto('/account');
  await expect(page.getByRole('list', { name: 'Open sessions' })).toContainText('This session');
});

test('staff single sign-on: a member signs in through the real OIDC provider and lands in their organization', async ({ browser, consoleGuard }) => {
  test.setTimeout(120_000);
  // The provider's development login page asks for a stylesheet on the internet and a favicon it lacks.
  consoleGuard.allow(/\/interaction\/.*(ERR_NAME_NOT_RESOLVED|404)/);
  const { email, orgName } = await newPartnerAdmin(browser);

  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with Test SSO' }).click();
  // The provider's own login page (oidc-provider's development interaction): the login is the email.
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill('anything');
  await page.locator('button[type="submit"]').click();

  await expect(mainNav(page).getByRole('link', { name: 'Organization' })).toBeVisible();
  await page.goto('/organization');
  await expect(page.getByRole('heading', { name: orgName })).toBeVisible();
  await page.goto('/account');
  await expect(page.getByRole('list', { name: 'Open sessions' })).toContainText('Single sign-on');
});

test('per-organization single sign-on: a verified domain routes to the organization’s provider, a new person joins as developer', async ({
  browser,
  consoleGuard,
}) => {
  test.setTimeout(150_000);
  consoleGuard.allow(/\/interaction\/.*(ERR_NAME_NOT_RESOLVED|404)/);
  const { page: admin, orgName } = await newPartnerAdmin(browser);
  const domain = `sso-${Date.now().toString(36)}.test`;

  await admin.goto('/organization');
  const provider = admin.getByRole('form', { name: 'Identity provider' });
  await provider.getByLabel('Issuer URL').fill(process.env.E2E_OIDC_ISSUER!);
  await provider.getByLabel('Client id').fill('partner-portal-org-e2e');
  await provider.getByLabel('Client secret').fill('e2e-org-client-secret');
  await provider.getByRole('button', { name: 'Save identity provider' }).click();
  await expect(admin.getByText('Single sign-on saved.')).toBeVisible();

  const claim = admin.getByRole('form', { name: 'Verify an email domain' });
  await claim.getByLabel('Verify a domain: an address there').fill(`it@${domain}`);
  await claim.getByRole('button', { name: 'Send the link' }).click();
  const [, token] = await mailFromServerLog(`it@${domain}`, /\/sso\/verify-domain\/([\w-]+)/);

  const it = await (await browser.newContext()).newPage();
  await it.goto(`/sso/verify-domain/${token}`);
  await it.getByRole('button', { name: 'Confirm the domain' }).click();
  await expect(it.getByText(`${domain} is verified`)).toBeVisible();

  // A new person of the domain: email only at /login, then the organization's provider.
  const person = await (await browser.newContext()).newPage();
  await person.goto('/login');
  await person.getByLabel('Email').fill(`new.person@${domain}`);
  await person.getByRole('button', { name: 'Sign in', exact: true }).click();
  await person.getByRole('button', { name: 'Continue to your organization’s sign-in' }).click();
  await person.locator('input[name="login"]').fill(`new.person@${domain}`);
  await person.locator('input[name="password"]').fill('anything');
  await person.locator('button[type="submit"]').click();
  await expect(mainNav(person).getByRole('link', { name: 'API keys' })).toBeVisible();
  await expect(mainNav(person).getByRole('link', { name: 'Audit log' })).toHaveCount(0); // developer, not partner_admin
  await person.goto('/account');
  await expect(person.getByRole('main').getByText(orgName)).toBeVisible();
});

/**
 * Passkeys need a host name: browsers refuse an IP address as a WebAuthn relying party id, so this test
 * browses the e2e server as http://localhost:<port> (PASSKEY_ORIGIN, set by scripts/e2e.ts); localhost is
 * a secure context over plain http. Chromium's virtual authenticator (CDP) stands in for a fingerprint.
 */
test.describe('passkeys', () => {
  test.use({ baseURL: process.env.E2E_PASSKEY_BASE_URL });

  test('enrol a passkey on the account page, sign in with it, use it as the second factor, remove it', async ({ browser }) => {
    test.setTimeout(120_000);
    const { page, email, password } = await newPartnerAdmin(browser);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });

    await page.goto('/account');
    await page.getByLabel('Name for the new passkey').fill('Virtual key');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(page.getByText('Passkey “Virtual key” added. You can sign in with it.')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem')).toHaveCount(1);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);

    // Signed out: no email, no password, only the passkey.
    await page.context().clearCookies();
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(mainNav(page).getByRole('link', { name: 'Organization' })).toBeVisible();
    await page.goto('/account');
    await expect(page.getByRole('list', { name: 'Open sessions' })).toContainText('Passkey');

    // A passkey is a second factor: the password alone now opens nothing until the passkey answers.
    await page.context().clearCookies();
    await page.goto('/login');
    await fillSignIn(page, email, password);
    await expect(page).toHaveURL(/\/two-factor$/);
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await expect(mainNav(page).getByRole('link', { name: 'Organization' })).toBeVisible();
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0]!.signCount).toBeGreaterThanOrEqual(2);

    await page.goto('/account');
    await page.getByRole('button', { name: 'Remove passkey Virtual key' }).click();
    await expect(page.getByText('“Virtual key” removed. Two-factor sign-in is off and your recovery codes are void.')).toBeVisible();
    await expect(page.getByText('No passkeys yet.', { exact: false })).toBeVisible();
  });
});
