import { expect, test } from './fixtures';
import { demo, mainNav, signIn } from './support';

test('the try-it console makes a one-hour read-only test key for itself, calls GET /me with it, and the keys list shows it as such', async ({ page }) => {
  await signIn(page, demo.developer);
  await mainNav(page).getByRole('link', { name: 'API reference' }).click();
  const me = page.locator('#getMe');
  await me.getByRole('button', { name: 'Try it' }).click();
  await me.getByRole('button', { name: 'Create a 1-hour test key' }).click();
  await expect(me.getByRole('status').filter({ hasText: 'expires in one hour' })).toBeVisible();
  await expect(me.getByLabel('API key')).toHaveValue(/^pp_test_/);
  await me.getByRole('button', { name: 'Send request' }).click();
  const response = me.getByRole('region', { name: 'Response' });
  await expect(response.getByText('200', { exact: true })).toBeVisible();
  await expect(response.getByRole('region', { name: 'Body', exact: true })).toContainText('"environment": "test"');

  await mainNav(page).getByRole('link', { name: 'API keys' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Try-it console' }).first();
  await expect(row.getByText('Try-it · 1 hour, read-only')).toBeVisible();
});
