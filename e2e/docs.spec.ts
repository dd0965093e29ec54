import { expect, test, type Browser, type Page } from './fixtures';
import { demo, mainNav, signIn } from './support';

/** One signed-in user per browser context, so the admin and the developer can take turns. */
async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

function docContent(searchWord: string): string {
  return [
    'When a delivery fails we try again, with a growing delay.',
    '',
    '## Retry schedule',
    '',
    '| Attempt | Delay |',
    '| --- | --- |',
    '| 1 | 30 seconds |',
    '| 2 | 5 minutes |',
    '',
    '```bash',
    'curl -X POST https://api.example.test/v1/webhooks/replay',
    '```',
    '',
    `Look for the ${searchWord} marker in the logs.`,
    '',
    // Neither may reach a reader: raw HTML is dropped and javascript: links are inert.
    '<span id="raw-html-probe">raw</span>',
    '',
    '[run this](javascript:alert(1))',
  ].join('\n');
}

async function searchDocs(page: Page, word: string) {
  await page.goto('/docs');
  await page.getByRole('searchbox', { name: 'Search docs' }).fill(word);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${word}`));
}

test('an admin writes, previews and publishes a doc; a developer finds and reads it; once unpublished it is gone for them', async ({
  browser,
  consoleGuard,
}) => {
  // This test opens a not-found page on purpose: Chromium logs its 404.
  consoleGuard.allow(/status of 404/);
  const stamp = Date.now().toString(36);
  const title = `Webhooks retries ${stamp}`;
  const word = `zebrafrost${stamp}`;

  const admin = await signedInPage(browser, demo.admin);
  await mainNav(admin).getByRole('link', { name: 'Docs' }).click();
  await admin.getByRole('link', { name: 'New doc' }).click();
  await admin.getByLabel('Title', { exact: true }).fill(title);
  // The slug follows the title until it is edited by hand.
  await expect(admin.getByLabel('Slug', { exact: true })).toHaveValue(`webhooks-retries-${stamp}`);
  await admin.getByLabel('Content (Markdown)').fill(docContent(word));

  const preview = admin.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('heading', { name: 'Retry schedule' })).toBeVisible();
  await expect(preview.getByRole('table')).toBeVisible();
  await expect(preview.getByRole('cell', { name: '30 seconds' })).toBeVisible();

  await admin.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(admin).toHaveURL(/\/docs\/manage\/doc_/);
  await expect(admin.getByRole('status').filter({ hasText: 'is published' })).toBeVisible();
  const history = admin.getByRole('region', { name: 'History' });
  await expect(history.getByRole('listitem').filter({ hasText: 'Published' })).toContainText('by Ada Admin');
  const docUrl = await admin.getByRole('link', { name: 'View', exact: true }).getAttribute('href');
  expect(docUrl).toBe(`/docs/v1/webhooks-retries-${stamp}`);

  const developer = await signedInPage(browser, demo.developer);
  await searchDocs(developer, word);
  const hit = developer.getByRole('listitem').filter({ hasText: title });
  await expect(hit.locator('mark')).toHaveText(word);
  await hit.getByRole('link', { name: title }).click();
  await expect(developer).toHaveURL(docUrl!);
  await expect(developer.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(developer.getByRole('heading', { name: 'Retry schedule' })).toBeVisible();
  await expect(developer.getByRole('cell', { name: '5 minutes' })).toBeVisible();
  await expect(developer.getByRole('button', { name: 'Copy code' })).toBeVisible();
  await expect(developer.locator('#raw-html-probe')).toHaveCount(0);
  await expect(developer.getByText('run this')).toBeVisible();
  await expect(developer.getByRole('link', { name: 'run this' })).toHaveCount(0);

  await admin.getByRole('button', { name: 'Unpublish', exact: true }).click();
  await admin.getByRole('dialog').getByRole('button', { name: 'Yes, unpublish' }).click();
  await expect(admin.getByRole('dialog')).toBeHidden();
  await expect(history.getByRole('listitem').filter({ hasText: 'Unpublished' })).toContainText('by Ada Admin');
  await expect(admin.getByRole('button', { name: 'Publish', exact: true })).toBeVisible();

  await searchDocs(developer, word);
  await expect(developer.getByText(`No docs match “${word}”`)).toBeVisible();
  const gone = await developer.goto(docUrl!);
  expect(gone?.status()).toBe(404);
  await expect(developer.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('a second doc with the same slug and version gets a field error on the slug', async ({ page }) => {
  const title = `Pagination ${Date.now().toString(36)}`;
  await signIn(page, demo.admin);

  async function writeDraft() {
    await page.goto('/docs/manage/new');
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('API version').fill('v1');
    await page.getByLabel('Content (Markdown)').fill('Pages are cursors.');
    await page.getByRole('button', { name: 'Save draft' }).click();
  }

  await writeDraft();
  await expect(page).toHaveURL(/\/docs\/manage\/doc_/);
  await expect(page.getByRole('status').filter({ hasText: 'saved as a draft' })).toBeVisible();
  // A draft has no reader page yet, so the editor offers no link to one (it would be a 404).
  await expect(page.getByRole('link', { name: 'View', exact: true })).toHaveCount(0);

  await writeDraft();
  const slug = page.getByLabel('Slug', { exact: true });
  await expect(slug).toHaveAttribute('aria-invalid', 'true');
  await expect(slug).toHaveAccessibleDescription(/Another v1 doc already uses the slug/);
  await expect(slug).toBeFocused();
  await expect(page).toHaveURL(/\/docs\/manage\/new$/);
});
