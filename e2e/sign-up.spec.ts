import { expect, test } from './fixtures';
import { demo, fillSignIn, mailFromServerLog, mainNav, signIn } from './support';
import { uniqueEmail } from './support';

const checkInbox = /Check your inbox: we sent a message to/;

test.describe('signing up', () => {
  test('a new partner signs up, confirms the email from the mailed link, signs in and lands on the pending page; staff see the request', async ({
    page,
    browser,
  }) => {
    const email = uniqueEmail('signup');
    const password = 'a sufficiently long password';
    const organization = `Initech ${Date.now().toString(36)}`;
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Peter Gibbons');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Organization').fill(organization);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText(checkInbox)).toBeVisible();
    await expect(page).toHaveURL(/\/signup/);

    // The confirmation link, from the mail (logged by the server without SMTP_URL).
    const [link] = await mailFromServerLog(email, /https?:\/\/\S+\/signup\/confirm\/[A-Za-z0-9]+/);
    await page.goto(new URL(link!).pathname);
    await expect(page.getByRole('heading', { name: 'Confirm your email' })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    await page.getByRole('button', { name: 'Confirm and create account' }).click();
    await expect(page).toHaveURL(/\/login\?confirmed=1/);
    await expect(page.getByRole('status').filter({ hasText: 'Your email is confirmed' })).toBeVisible();
    await fillSignIn(page, email, password);
    await expect(page.getByRole('heading', { name: 'Your organization awaits approval' })).toBeVisible();
    await expect(page.getByText(organization).first()).toBeVisible();

    // The link works once.
    await page.goto(new URL(link!).pathname);
    await expect(page.getByText('This confirmation link is not valid any more.')).toBeVisible();

    const staff = await browser.newPage();
    await signIn(staff, demo.support);
    await mainNav(staff).getByRole('link', { name: 'Partners' }).click();
    await staff.getByRole('searchbox').or(staff.getByLabel('Search')).first().fill(organization);
    await staff.keyboard.press('Enter');
    await expect(staff.getByRole('row', { name: new RegExp(organization) })).toContainText(/pending/i);
    await staff.close();
  });

  test('an email that has an account, in another letter case, gets the same answer; its owner is mailed instead', async ({ page }) => {
    await page.goto('/signup');
    await page.getByLabel('Your name').fill('Someone Else');
    await page.getByLabel('Email').fill(demo.partnerAdmin.toUpperCase());
    await page.getByLabel('Password').fill('a sufficiently long password');
    await page.getByLabel('Organization').fill('Copycat Inc');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText(checkInbox)).toBeVisible();
    await expect(page.getByLabel('Email')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/signup/);
    const [note] = await mailFromServerLog(demo.partnerAdmin, /Subject: Someone tried to create a Partner Portal account with your email/);
    expect(note).toBeTruthy();
  });
});
