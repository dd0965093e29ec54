import { expect, test } from './fixtures';
import { demo, signIn } from './support';

test('the GraphQL explorer streams a key’s calls within a second, and answers queries with the session', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, demo.partnerAdmin);
  await page.goto('/keys/new');
  const name = `GraphQL e2e ${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('radio', { name: 'Test' }).check();
  await page.getByRole('checkbox', { name: 'usage:read' }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = await page.getByRole('textbox', { name: 'API key', exact: true }).inputValue();

  // A query with the session: the explorer sends JSON with the cookie, never a key.
  await page.goto('/reference/graphql');
  await page.getByLabel('Query').fill('{ viewer { kind user { role } } }');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Result')).toContainText('"role": "partner_admin"');

  // One of the portal's own operations goes by its persisted id, the way a session sends every document outside the explorer.
  await page.getByLabel('Example').selectOption('Viewer');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('status')).toContainText('sent by its persisted id');
  await expect(page.getByLabel('Result')).toContainText('"kind": "user"');
  await expect(page.getByLabel('Result')).toContainText('"role": "partner_admin"');

  // The live subscription with the key pasted (kept in the page's memory only).
  await page.getByLabel('API key', { exact: true }).fill(secret);
  await page.getByLabel('Query').fill('subscription { requestLogged { requestId endpoint statusCode } }');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('status')).toContainText('200');
  await page.waitForTimeout(300);
  const call = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } });
  const requestId = call.headers()['x-request-id']!;
  const started = Date.now();
  await expect(page.getByLabel('Result')).toContainText(requestId, { timeout: 5_000 });
  expect(Date.now() - started).toBeLessThan(1_500);
  await page.getByRole('button', { name: 'Stop' }).click();

  // The server's HTML of the explorer carries no credential of any kind.
  const html = await (await page.request.get('/reference/graphql')).text();
  expect(html).not.toMatch(/pp_(test|live)_[0-9A-Za-z]{10,}/);
});
