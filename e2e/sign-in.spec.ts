import { expect, test } from './fixtures';
import { demo, fillSignIn, mainNav, signIn, uniqueEmail, DEMO_PASSWORD } from './support';

const expectedNavigation: Record<string, string[]> = {
  [demo.admin]: [
    'Dashboard',
    'Partners',
    'Users',
    'API keys',
    'Secrets',
    'Usage',
    'Requests',
    'Live traffic',
    'Alerts',
    'Docs',
    'API reference',
    'Catalog',
    'Verifiers',
    'Audit log',
    'Account',
  ],
  [demo.support]: [
    'Dashboard',
    'Partners',
    'Users',
    'API keys',
    'Secrets',
    'Usage',
    'Requests',
    'Live traffic',
    'Alerts',
    'Docs',
    'API reference',
    'Catalog',
    'Verifiers',
    'Audit log',
    'Account',
  ],
  [demo.partnerAdmin]: [
    'Dashboard',
    'API keys',
    'Secrets',
    'Usage',
    'Requests',
    'Live traffic',
    'Alerts',
    'Docs',
    'API reference',
    'Catalog',
    'Organization',
    'Audit log',
    'Account',
  ],
  [demo.developer]: [
    'Dashboard',
    'API keys',
    'Secrets',
    'Usage',
    'Requests',
    'Live traffic',
    'Alerts',
    'Docs',
    'API reference',
    'Catalog',
    'Organization',
    'Account',
  ],
};

test.describe('signing in', () => {
  for (const [email, links] of Object.entries(expectedNavigation)) {
    test(`${email} signs in and sees the navigation of their role`, async ({ page }) => {
      await signIn(page, email);
      await expect(page).toHaveURL(/\/$/);
      await expect(mainNav(page).getByRole('link')).toHaveText(links);
      await expect(mainNav(page).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
    });
  }

  for (const email of [demo.pendingAdmin, demo.pendingDeveloper]) {
    test(`${email} of a pending organization sees the approval page, whatever page they ask for`, async ({ page }) => {
      await signIn(page, email);
      await expect(page.getByRole('heading', { name: 'Your organization awaits approval' })).toBeVisible();
      await expect(page.getByText('Globex').first()).toBeVisible();
      await page.goto('/account');
      await expect(page.getByRole('heading', { name: 'Your organization awaits approval' })).toBeVisible();
    });
  }

  test('a signed-out visitor of a portal page goes to the sign-in page and back after signing in', async ({ page }) => {
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount/);
    await fillSignIn(page, demo.developer, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/account$/);
  });

  test('a wrong password shows an error and keeps the visitor signed out', async ({ page }) => {
    await page.goto('/login');
    await fillSignIn(page, demo.support, 'not the password');
    await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toContainText('Wrong email or password.');
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
  });

  test('the sixth wrong attempt is throttled', async ({ page }) => {
    const email = uniqueEmail('throttle');
    await page.goto('/login');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await fillSignIn(page, email, `wrong ${attempt}`);
      // Each answer carries the same message, so wait for this one: the form empties the password when it arrives.
      await expect(page.getByLabel('Password')).toHaveValue('');
      await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toContainText('Wrong email or password.');
    }
    await fillSignIn(page, email, 'wrong 6');
    await expect(page.getByRole('form', { name: 'Sign in' }).getByRole('alert')).toContainText('Too many failed sign-ins. Try again in 15 minutes.');
  });

  test('signing out ends the session', async ({ page }) => {
    await signIn(page, demo.partnerAdmin);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/organization');
    await expect(page).toHaveURL(/\/login/);
  });
});
