import { expect, test } from '@playwright/test';
import { demo, mainNav, signIn } from './support';
import { uniqueEmail } from './support';

test.describe('signing up', () => {
  test('a new partner signs up and lands on the pending page; staff see the request', async ({ page, browser }) => {
    const email = uniqueEmail('signup');
    const organization = `Initech ${Date.now().toString(36)}`;
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Peter Gibbons');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a sufficiently long password');
    await page.getByLabel('Organization').fill(organization);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'Your organization awaits approval' })).toBeVisible();
    await expect(page.getByText(organization).first()).toBeVisible();

    const staff = await browser.newPage();
    await signIn(staff, demo.support);
    await mainNav(staff).getByRole('link', { name: 'Partners' }).click();
    await staff.getByRole('searchbox').or(staff.getByLabel('Search')).first().fill(organization);
    await staff.keyboard.press('Enter');
    await expect(staff.getByRole('row', { name: new RegExp(organization) })).toContainText(/pending/i);
    await staff.close();
  });

  test('an email already taken, in another letter case, gets a field error', async ({ page }) => {
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Someone Else');
    await page.getByLabel('Email').fill(demo.partnerAdmin.toUpperCase());
    await page.getByLabel('Password').fill('a sufficiently long password');
    await page.getByLabel('Organization').fill('Copycat Inc');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('An account with this email already exists. Sign in instead.')).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/signup/);
  });
});
