import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { expect, test, type Page } from './fixtures';
import { demo, mainNav, signIn } from './support';

const FIRST = 'postgres://app:first@db.internal/app';
const SECOND = 'postgres://app:second@db.internal/app';

function environmentTab(page: Page, slug: string) {
  return page.getByRole('navigation', { name: 'Environments' }).getByRole('link', { name: new RegExp(`^${slug}\\b`) });
}

function secretRow(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

async function createSecret(page: Page, name: string, value: string) {
  await page.getByRole('link', { name: 'New secret' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Value', { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Save secret' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${name} is saved in` })).toBeVisible();
}

/** The access log's actions, newest first. */
function loggedActions(page: Page, table: string) {
  return page.getByRole('table', { name: table }).locator('tbody tr td:nth-child(2)');
}

test('a partner_admin creates DATABASE_URL in production, reveals, edits and rolls it back, and the CLI pulls it', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, demo.partnerAdmin);
  await mainNav(page).getByRole('link', { name: 'Secrets' }).click();
  await expect(page).toHaveURL(/\/secrets$/);
  await environmentTab(page, 'production').click();
  await expect(page).toHaveURL(/env=production/);
  await expect(page.getByText('No secrets in production yet')).toBeVisible();

  await createSecret(page, 'DATABASE_URL', FIRST);
  const row = secretRow(page, 'DATABASE_URL');
  await expect(row).toContainText('v1');
  await expect(row).toContainText('••••••••');
  expect(await page.content()).not.toContain(FIRST);
  await row.getByRole('button', { name: 'Reveal the value of DATABASE_URL' }).click();
  await expect(row.getByRole('group', { name: 'Value of DATABASE_URL' })).toContainText(FIRST);
  await row.getByRole('button', { name: 'Hide the value of DATABASE_URL' }).click();
  await expect(row.getByRole('group', { name: 'Value of DATABASE_URL' })).toHaveCount(0);

  // Edit: a new version.
  await row.getByRole('link', { name: 'DATABASE_URL' }).click();
  await expect(page.getByRole('heading', { name: 'DATABASE_URL', level: 1 })).toBeVisible();
  await page.getByLabel('New value').fill(SECOND);
  await page.getByRole('button', { name: 'Save as version 2' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'DATABASE_URL is now at version 2.' })).toBeVisible();

  // Roll back to version 1: version 3 carries the first value.
  const history = page.getByRole('table', { name: 'Versions of DATABASE_URL' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await history.getByRole('button', { name: 'Roll back to this version (version 1)' }).click();
  await history.getByRole('button', { name: 'Yes, roll back' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'back to the value of version 1, as version 3' })).toBeVisible();
  await expect(history.getByRole('row')).toHaveCount(4);
  await expect(history.getByRole('row').nth(1)).toContainText('current');
  await page.getByRole('button', { name: 'Reveal the value of DATABASE_URL' }).click();
  await expect(page.getByRole('group', { name: 'Value of DATABASE_URL' })).toContainText(FIRST);

  // Every step is in the secret's access log, newest first, by alice.
  const secretUrl = page.url();
  await expect(loggedActions(page, 'Access log of DATABASE_URL')).toHaveText(['Reveal', 'Rollback', 'Update', 'Reveal', 'Create']);
  const logRows = page.getByRole('table', { name: 'Access log of DATABASE_URL' }).locator('tbody tr');
  for (let i = 0; i < 5; i++) await expect(logRows.nth(i)).toContainText(demo.partnerAdmin);

  // A live key with secrets:read, made in the portal and copied from it.
  await mainNav(page).getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('link', { name: 'Create key' }).first().click();
  await page.getByLabel('Name', { exact: true }).fill(`CI secrets ${Date.now().toString(36)}`);
  await page.getByRole('radio', { name: 'Live' }).check();
  await page.getByRole('checkbox', { name: 'secrets:read' }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('heading', { name: 'Copy your new API key' })).toBeVisible();
  const prefix = (await page.getByText('Its prefix is').locator('code').textContent())?.trim() ?? '';
  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByRole('button', { name: /Copied/ })).toBeVisible();
  const key = await page.evaluate(() => navigator.clipboard.readText());
  expect(key).toMatch(/^pp_live_/);
  expect(prefix.length).toBeGreaterThan('pp_live_'.length);
  expect(key.startsWith(prefix)).toBe(true);

  const cli = spawnSync(process.execPath, ['bin/partner-portal.mjs', 'secrets', 'pull', '--env', 'production', '--format', 'json'], {
    env: { ...process.env, PORTAL_URL: baseURL ?? test.info().project.use.baseURL, PORTAL_API_KEY: key },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(cli.status, cli.stderr).toBe(0);
  const pulled = JSON.parse(cli.stdout) as { environment: string; secrets: { name: string; value: string; version: number }[] };
  expect(pulled.environment).toBe('production');
  expect(pulled.secrets).toContainEqual(expect.objectContaining({ name: 'DATABASE_URL', value: FIRST, version: 3 }));

  await page.goto(secretUrl);
  await expect(loggedActions(page, 'Access log of DATABASE_URL').first()).toHaveText('Pull');
  await expect(logRows.first()).toContainText(prefix);
  expect(await page.content()).not.toContain(FIRST);
});

test('a developer reveals and writes development only; support sees names and no values', async ({ page, browser, baseURL }) => {
  // Three people sign in, one after the other (each an Argon2 verification on the server): on a loaded
  // two-core CI machine this took over the default 60 s.
  test.slow();
  // A production secret for them to look at, made by the partner admin.
  const admin = await browser.newContext({ baseURL });
  const adminPage = await admin.newPage();
  await signIn(adminPage, demo.partnerAdmin);
  await adminPage.goto('/secrets?env=production');
  await createSecret(adminPage, 'PAYMENTS_TOKEN', 'tok_production_only');
  await admin.close();

  await signIn(page, demo.developer);
  await mainNav(page).getByRole('link', { name: 'Secrets' }).click();
  await environmentTab(page, 'development').click();
  await page.getByRole('link', { name: 'New secret' }).click();
  await page.getByLabel('Name', { exact: true }).fill('dev-flag');
  await page.getByLabel('Value', { exact: true }).fill('on');
  await page.getByRole('button', { name: 'Save secret' }).click();
  await expect(page.getByText('Use A–Z, 0–9 and _, not starting with a digit')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Name', { exact: true }).fill('DEV_FLAG');
  await page.getByRole('button', { name: 'Save secret' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'DEV_FLAG is saved in development' })).toBeVisible();
  await secretRow(page, 'DEV_FLAG').getByRole('button', { name: 'Reveal the value of DEV_FLAG' }).click();
  await expect(secretRow(page, 'DEV_FLAG').getByRole('group', { name: 'Value of DEV_FLAG' })).toHaveText(/^on/);

  await environmentTab(page, 'production').click();
  await expect(page).toHaveURL(/env=production/);
  const production = secretRow(page, 'PAYMENTS_TOKEN');
  await expect(production).toContainText('••••••••');
  await expect(page.getByRole('button', { name: /^Reveal/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'New secret' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Import .env' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export .env' })).toHaveCount(0);
  await expect(page.getByText('Developers reveal and change secrets in development only.')).toBeVisible();
  await production.getByRole('link', { name: 'PAYMENTS_TOKEN' }).click();
  await expect(page.getByRole('heading', { name: 'PAYMENTS_TOKEN', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Reveal/ })).toHaveCount(0);
  await expect(page.getByLabel('New value')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete secret' })).toHaveCount(0);
  expect(await page.content()).not.toContain('tok_production_only');

  const support = await browser.newContext({ baseURL });
  const supportPage = await support.newPage();
  await signIn(supportPage, demo.support);
  await mainNav(supportPage).getByRole('link', { name: 'Secrets' }).click();
  await expect(supportPage).toHaveURL(/\/secrets$/);
  await expect(supportPage.getByText('Secrets belong to one organization')).toBeVisible();
  await supportPage.getByRole('combobox', { name: 'Organization' }).fill('Acm');
  await supportPage.getByRole('option', { name: 'Acme' }).click();
  await expect(supportPage).toHaveURL(/[?&]org=/);
  await environmentTab(supportPage, 'development').click();
  await expect(secretRow(supportPage, 'DEV_FLAG')).toContainText('••••••••');
  await expect(supportPage.getByText('Support staff see names and metadata, never values.')).toBeVisible();
  await expect(supportPage.getByRole('button', { name: /^Reveal/ })).toHaveCount(0);
  await environmentTab(supportPage, 'production').click();
  await expect(secretRow(supportPage, 'PAYMENTS_TOKEN')).toBeVisible();
  await expect(supportPage.getByRole('button', { name: /^Reveal/ })).toHaveCount(0);
  await expect(supportPage.getByRole('link', { name: 'New secret' })).toHaveCount(0);
  await secretRow(supportPage, 'PAYMENTS_TOKEN').getByRole('link', { name: 'PAYMENTS_TOKEN' }).click();
  await expect(supportPage.getByRole('button', { name: /^Reveal/ })).toHaveCount(0);
  await support.close();
});

test('a .env pasted into staging is previewed, imported, re-imported with a change, and exported', async ({ page }) => {
  await signIn(page, demo.partnerAdmin);
  await page.goto('/secrets?env=staging');
  await page.getByRole('link', { name: 'Import .env' }).click();
  await expect(page).toHaveURL(/\/secrets\/import\?env=staging/);
  await expect(page.getByLabel('Into environment')).toHaveValue('staging');

  const dotenv = page.getByRole('textbox', { name: '.env file', exact: true });
  await dotenv.fill('# staging\nAPI_BASE_URL=https://staging.example.test\nnot a line\n');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Line 3: expected NAME=value')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Import \d/ })).toHaveCount(0);

  await dotenv.fill('# staging\nAPI_BASE_URL=https://staging.example.test\nexport FEATURE_FLAGS="alpha,beta"\n');
  await expect(page.getByText('preview again')).toBeVisible();
  await page.getByRole('button', { name: 'Preview' }).click();
  const added = page.getByRole('region', { name: 'Added (2)', exact: true });
  await expect(added).toContainText('API_BASE_URL');
  await expect(added).toContainText('FEATURE_FLAGS');
  await expect(page.getByRole('region', { name: 'Changed (0)', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Import 2 secrets' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported into staging: 2 added, 0 changed, 0 unchanged.' })).toBeVisible();
  await expect(dotenv).toHaveValue('');

  await dotenv.fill('API_BASE_URL=https://staging-2.example.test\nFEATURE_FLAGS=alpha,beta\n');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('region', { name: 'Changed (1)', exact: true })).toContainText('API_BASE_URL');
  await expect(page.getByRole('region', { name: 'Unchanged (1)', exact: true })).toContainText('FEATURE_FLAGS');
  await page.getByRole('button', { name: 'Import 1 secret' }).click();
  await expect(page.getByRole('status').filter({ hasText: '0 added, 1 changed, 1 unchanged' })).toBeVisible();

  await page.getByRole('link', { name: 'See the secrets of staging' }).click();
  await expect(secretRow(page, 'API_BASE_URL')).toContainText('v2');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export .env' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('staging.env');
  const content = await fs.readFile(await download.path(), 'utf8');
  expect(content).toContain('API_BASE_URL=');
  expect(content).toContain('https://staging-2.example.test');
  expect(content).toContain('FEATURE_FLAGS=');
  await expect(page.getByRole('status').filter({ hasText: 'Exported 2 secrets of staging.' })).toBeVisible();

  // The export read every value: it is in the environment's access log.
  await page.getByRole('link', { name: 'Access log' }).click();
  await expect(page).toHaveURL(/\/secrets\/access-log\?env=staging/);
  await page.getByLabel('Action').selectOption('export');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/action=export/);
  await expect(page.getByRole('table', { name: 'Access log of staging' }).locator('tbody tr')).toHaveCount(2);
});
