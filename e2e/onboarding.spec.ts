import { expect, test, type Page } from './fixtures';
import { demo, mainNav, signIn, uniqueEmail } from './support';

async function me(page: Page, secret: string) {
  return page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });
}

test('a partner goes from invitation to first API call; suspension refuses its key, reactivation accepts it', async ({ browser }) => {
  test.setTimeout(120_000);
  // 1. An admin creates Initech and gets the primary contact's invitation link.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, demo.admin);
  await mainNav(staff).getByRole('link', { name: 'Partners' }).click();
  await staff.getByRole('link', { name: 'New organization' }).click();
  const orgName = `Initech ${Date.now().toString(36)}`;
  const contact = uniqueEmail('peter');
  await staff.getByLabel('Name', { exact: true }).fill(orgName);
  await staff.getByLabel('Support tier').selectOption('priority');
  await staff.getByLabel('Primary contact email').fill(contact);
  await staff.getByRole('button', { name: 'Create organization' }).click();
  const link = await staff.getByLabel('Invitation link').inputValue();
  expect(link).toMatch(/\/invite\/[0-9A-Za-z]{32}$/);
  const orgPage = await staff.getByRole('link', { name: `Go to ${orgName}` }).getAttribute('href');

  // 2. The new user opens the link, signs up, and lands in Initech as its partner_admin.
  const partnerContext = await browser.newContext();
  const partner = await partnerContext.newPage();
  await partner.goto(new URL(link).pathname);
  await expect(partner.getByRole('heading', { name: `Join ${orgName}` })).toBeVisible();
  await partner.getByLabel('Your name').fill('Peter Gibbons');
  await partner.getByLabel('Password').fill('a sufficiently long password');
  await partner.getByRole('button', { name: 'Create account and join' }).click();
  await expect(mainNav(partner).getByRole('link', { name: 'Organization' })).toBeVisible();
  await expect(mainNav(partner).getByRole('link', { name: 'Audit log' })).toBeVisible(); // partner_admin, not developer
  await expect(partner.getByText('Make your first successful call to /api/v1')).toBeVisible();

  // 3. They create a test key.
  await partner.goto('/keys/new');
  await partner.getByLabel('Name', { exact: true }).fill('First key');
  await partner.getByRole('radio', { name: 'Test' }).check();
  await partner.getByRole('button', { name: 'Create key' }).click();
  const secret = await partner.getByRole('textbox', { name: 'API key', exact: true }).inputValue();
  expect(secret).toMatch(/^pp_test_/);

  // 4. The test calls /api/v1/me with it, and the checklist shows the first call (last use is written in batches).
  expect((await me(partner, secret)).status()).toBe(200);
  const firstCallStep = partner.getByRole('listitem').filter({ hasText: 'Make your first successful call to /api/v1' });
  await expect(async () => {
    await partner.goto('/');
    await expect(firstCallStep).toContainText('Done');
    await expect(firstCallStep).not.toContainText('To do');
  }).toPass({ timeout: 30_000, intervals: [1_000, 2_000, 3_000] });

  // 5. The admin suspends Initech: the key is refused (403); reactivated: accepted again.
  await staff.goto(orgPage!);
  await staff.getByRole('button', { name: 'Suspend' }).click();
  await staff.getByRole('button', { name: 'Yes, suspend' }).click();
  await expect(staff.getByRole('status').filter({ hasText: /suspended/i })).toBeVisible();
  const suspended = await me(partner, secret);
  expect(suspended.status()).toBe(403);
  expect((await suspended.json()).type).toBe('/docs/v1/errors#organization-inactive');
  await partner.goto('/');
  await expect(partner.getByText(/Your organization is suspended/)).toBeVisible();

  await staff.getByRole('button', { name: 'Reactivate' }).click();
  await expect(staff.getByRole('status').filter({ hasText: /active again/i })).toBeVisible();
  expect((await me(partner, secret)).status()).toBe(200);

  await staffContext.close();
  await partnerContext.close();
});
