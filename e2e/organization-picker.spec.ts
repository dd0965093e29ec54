import { expect, test } from './fixtures';
import { demo, mainNav, signIn } from './support';

test('staff type part of an organization’s name and pick it: the secrets page shows that organization', async ({ page }) => {
  await signIn(page, demo.admin);
  await mainNav(page).getByRole('link', { name: 'Secrets' }).click();
  const picker = page.getByRole('combobox', { name: 'Organization' });
  await picker.fill('lobe');
  const options = page.getByRole('listbox', { name: 'Organization' }).getByRole('option');
  await expect(options).toHaveText([/^Globex/]);
  await options.first().click();
  await expect(page).toHaveURL(/\/secrets\?org=org_/);
  await expect(page.getByText('Globex’s encrypted environment variables', { exact: false })).toBeVisible();
  await expect(picker).toHaveValue('Globex');

  // Nothing matches: it says so, and nothing is chosen.
  await picker.fill('no such organization');
  await expect(page.getByText('No organization matches “no such organization”.')).toBeVisible();
  await expect(options).toHaveCount(0);
});

test('staff filter the request explorer by organization with the keyboard', async ({ page }) => {
  await signIn(page, demo.support);
  await page.goto('/usage/requests');
  const picker = page.getByRole('combobox', { name: 'Organization' });
  await picker.fill('acm');
  await expect(page.getByRole('option', { name: /^Acme/ })).toBeVisible();
  await picker.press('ArrowDown'); // "All organizations"
  await picker.press('ArrowDown');
  await expect(picker).toHaveAttribute('aria-activedescendant', /option-1$/);
  await picker.press('Enter');
  await expect(picker).toHaveValue('Acme');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]partner=org_/);
  await expect(page.getByRole('combobox', { name: 'Organization' })).toHaveValue('Acme');
});

test('an admin makes a key for an organization found by typing', async ({ page }) => {
  await signIn(page, demo.admin);
  await page.goto('/keys/new');
  const name = `Picked key ${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('radio', { name: 'Test' }).check();
  // None chosen: the field says so.
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByText('Choose the organization')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Organization' })).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('combobox', { name: 'Organization' }).fill('glob');
  await page.getByRole('option', { name: /^Globex/ }).click();
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('heading', { name: 'Copy your new API key' })).toBeVisible();
  await page.goto(`/keys?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Globex');
});
