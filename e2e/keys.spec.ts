import { expect, test } from './fixtures';
import { demo, mainNav, signIn } from './support';

test('a partner_admin creates a test key, copies it, calls the API with it, revokes it, and the next call is refused', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, demo.partnerAdmin);
  await mainNav(page).getByRole('link', { name: 'API keys' }).click();
  await expect(page).toHaveURL(/\/keys$/);

  await page.getByRole('link', { name: 'Create key' }).first().click();
  const name = `E2E key ${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('radio', { name: 'Test' }).check();
  await page.getByRole('checkbox', { name: 'usage:read' }).check();
  await page.getByRole('button', { name: 'Create key' }).click();

  await expect(page.getByRole('heading', { name: 'Copy your new API key' })).toBeVisible();
  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByRole('button', { name: /Copied/ })).toBeVisible();
  const secret = await page.evaluate(() => navigator.clipboard.readText());
  expect(secret).toMatch(/^pp_test_[0-9A-Za-z]{30}$/);

  const ok = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ key: { name, environment: 'test', scopes: ['usage:read'] }, organization: { name: 'Acme' } });
  expect(ok.headers()['x-request-id']).toMatch(/^req_/);

  // The secret is gone once the dialog is left: not on the key's page, not in the list.
  await page.getByRole('link', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  expect(await page.content()).not.toContain(secret.slice(14));
  await page.getByRole('button', { name: 'Revoke key' }).click();
  await page.getByRole('button', { name: 'Yes, revoke' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is revoked' })).toBeVisible();

  const refused = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-type']).toBe('application/problem+json');

  await mainNav(page).getByRole('link', { name: 'API keys' }).click();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText(/revoked/i);
  expect(await page.content()).not.toContain(secret.slice(14));
});

test('a developer cannot see a foreign organization’s key: 404', async ({ page, consoleGuard }) => {
  // This test opens a not-found page on purpose: Chromium logs its 404.
  consoleGuard.allow(/status of 404/);
  await signIn(page, demo.developer);
  const response = await page.goto('/keys/key_doesnotexist');
  expect(response?.status()).toBe(404);
});
