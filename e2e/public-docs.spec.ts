import { expect, test, type Browser, type Page } from './fixtures';
import { demo, signIn } from './support';

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** A doc every partner reads (the editor's default audience), published by the admin; returns its slug. */
async function publishPartnerDoc(admin: Page, title: string): Promise<string> {
  await admin.goto('/docs/manage/new');
  await admin.getByLabel('Title', { exact: true }).fill(title);
  await expect(admin.getByLabel('Visible to')).toHaveValue('');
  await admin.getByLabel('Content (Markdown)').fill('Only for partners: the wholesale price list.');
  await admin.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'is published' })).toBeVisible();
  return (await admin.getByLabel('Slug', { exact: true }).inputValue()).trim();
}

test('signed out, a visitor reads the public docs (also as Markdown and in /llms.txt), the reference, and gets a mock answer from the playground', async ({
  page,
}) => {
  await page.goto('/docs');
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page
    .getByRole('link', { name: /^Quickstart/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/docs\/v1\/quickstart$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Quickstart/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy as Markdown' })).toBeVisible();

  const markdown = await page.request.get('/docs/v1/quickstart.md');
  expect(markdown.status()).toBe(200);
  expect(markdown.headers()['content-type']).toContain('text/markdown');
  expect(await markdown.text()).toMatch(/^# Quickstart: make your first call\n/);
  const llms = await (await page.request.get('/llms.txt')).text();
  expect(llms).toContain('/docs/v1/quickstart.md');
  expect(llms).toMatch(/- \[GET \/api\/v1\/me\]\(http[^)]+\/reference#[^)]+\)/);

  await page.goto('/reference');
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
  await expect(page.getByText('Playground: mock data, no account needed')).toBeVisible();
  const me = page.locator('#getMe');
  await me.getByRole('button', { name: 'Try it' }).click();
  await me.getByRole('button', { name: 'Send request' }).click();
  const response = me.getByRole('region', { name: 'Response' });
  await expect(response.getByText('Mock data')).toBeVisible();
  await expect(response.getByText('200', { exact: true })).toBeVisible();
  await expect(response.getByRole('region', { name: 'Body', exact: true })).toContainText('"key"');
});

test('a partner-only doc is a 404 signed out (page, Markdown, /llms.txt) and readable by a partner', async ({ browser, consoleGuard }) => {
  // The partner-only doc's page is opened signed out on purpose: Chromium logs its 404.
  consoleGuard.allow(/status of 404/);
  const stamp = Date.now().toString(36);
  const admin = await signedInPage(browser, demo.admin);
  const slug = await publishPartnerDoc(admin, `Partner price list ${stamp}`);

  const visitor = await (await browser.newContext()).newPage();
  expect((await visitor.goto(`/docs/v1/${slug}`))?.status()).toBe(404);
  expect((await visitor.request.get(`/docs/v1/${slug}.md`)).status()).toBe(404);
  expect(await (await visitor.request.get('/llms.txt')).text()).not.toContain(slug);

  const developer = await signedInPage(browser, demo.developer);
  expect(await (await developer.request.get(`/docs/v1/${slug}.md`)).text()).toContain('wholesale price list');
  expect(await (await developer.request.get('/llms.txt')).text()).toContain(`/docs/v1/${slug}.md`);
});

test('the code samples switch language on every operation, and the choice is remembered', async ({ page }) => {
  await page.goto('/reference');
  const first = page.getByRole('tablist', { name: 'Code samples' }).first();
  await first.getByRole('tab', { name: 'Python' }).click();
  // One switch moves every sample of the page.
  await expect(page.getByRole('tab', { name: 'Python', selected: true })).toHaveCount(await page.getByRole('tablist', { name: 'Code samples' }).count());
  await expect(page.getByRole('tabpanel', { name: 'Python' }).first()).toContainText('import requests');
  await first.getByRole('tab', { name: 'Python' }).press('ArrowRight');
  await expect(first.getByRole('tab', { name: 'Go', selected: true })).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Go' }).first()).toContainText('net/http');
  await page.reload();
  await expect(page.getByRole('tablist', { name: 'Code samples' }).first().getByRole('tab', { name: 'Go', selected: true })).toBeVisible();
  await page.goto('/docs/v1/quickstart');
  await expect(page.getByRole('tabpanel', { name: 'Go' })).toContainText('os.Getenv("PORTAL_API_KEY")');
});

test('the browser’s own /favicon.ico request finds the icon (a 404 there is a console error on any page)', async ({ page }) => {
  // Chromium asks for /favicon.ico when a page's icon link has not arrived yet (Next.js streams metadata).
  const icon = await page.request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/image\//);
});
