import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'portal-demo-password';

export const demo = {
  admin: 'admin@portal.test',
  support: 'support@portal.test',
  partnerAdmin: 'alice@acme.test',
  developer: 'dave@acme.test',
  pendingAdmin: 'gina@globex.test',
  pendingDeveloper: 'dan@globex.test',
} as const;

export async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in through the form and waits until the portal (or the pending page) is shown. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await fillSignIn(page, email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

export function uniqueEmail(tag: string) {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.test`;
}
