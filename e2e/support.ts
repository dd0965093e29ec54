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
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
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

/**
 * The last mail to `to` whose text matches `pattern`, read from the server log (scripts/e2e.ts writes the
 * server's output to test-results/e2e-server.log; without SMTP_URL the portal logs every mail there).
 * Polls until it appears: mails are sent after the response.
 */
export async function mailFromServerLog(to: string, pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const file = process.env.E2E_SERVER_LOG ?? path.join(process.cwd(), 'test-results', 'e2e-server.log');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const blocks = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('[mail] ') : [];
    const match = blocks
      .filter((block) => block.includes(`To: ${to}\n`))
      .map((block) => block.match(pattern))
      .filter((m): m is RegExpMatchArray => m !== null)
      .at(-1);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${pattern} in ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
