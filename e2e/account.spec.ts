import { expect, test } from './fixtures';
import { demo, mainNav, signIn } from './support';

test('the account page saves the name and explains a wrong current password', async ({ page }) => {
  await signIn(page, demo.developer);
  await mainNav(page).getByRole('link', { name: 'Account' }).click();
  await expect(page).toHaveURL(/\/account$/);

  const newName = `Dave ${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(newName);
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your name was saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(newName);

  await page.getByLabel('Current password').fill('definitely not it');
  await page.getByLabel('New password', { exact: true }).fill('another long password');
  await page.getByLabel('Confirm new password').fill('another long password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('That is not your current password')).toBeVisible();
  await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
});
