import { expect, test, type Page } from './fixtures';
import { demo, mainNav, signIn } from './support';

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An operation's card: its accessible name starts with the endpoint, e.g. "GET /me The calling key…". */
function operationCard(page: Page, method: string, path: string) {
  return page.getByRole('region', { name: new RegExp(`^${escapeRegExp(`${method} ${path}`)} `) });
}

/** Creates a test key without scopes through the UI and reads its secret back from the clipboard. */
async function createTestKey(page: Page, name: string): Promise<string> {
  await mainNav(page).getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('link', { name: 'Create key' }).first().click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('radio', { name: 'Test' }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('heading', { name: 'Copy your new API key' })).toBeVisible();
  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByRole('button', { name: /Copied/ })).toBeVisible();
  const secret = await page.evaluate(() => navigator.clipboard.readText());
  expect(secret).toMatch(/^pp_test_/);
  return secret;
}

test('the try-it console calls GET /me with a pasted test key and shows the 200 response and the rate-limit headers', async ({
  page,
  context,
  consoleGuard,
}) => {
  // Chromium reports a 4xx fetch as "Failed to load resource": that one is the 401 this test asks for.
  consoleGuard.allow(/^Failed to load resource: the server responded with a status of 401/);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, demo.partnerAdmin);
  const name = `Reference key ${Date.now().toString(36)}`;
  const secret = await createTestKey(page, name);

  await mainNav(page).getByRole('link', { name: 'API reference' }).click();
  await expect(page).toHaveURL(/\/reference$/);
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();

  const me = operationCard(page, 'GET', '/me');
  const tryIt = me.getByRole('button', { name: 'Try it' });
  await expect(tryIt).toHaveAttribute('aria-expanded', 'false');
  await tryIt.click();
  await expect(tryIt).toHaveAttribute('aria-expanded', 'true');

  const keyField = me.getByLabel('API key');
  await expect(keyField).toHaveAttribute('type', 'password');
  await expect(keyField).toHaveAttribute('autocomplete', 'off');
  await expect(me.getByText('Sent only from your browser to this portal; never stored.')).toBeVisible();
  await keyField.fill(secret);
  await me.getByRole('button', { name: 'Send request' }).click();

  const response = me.getByRole('region', { name: 'Response', exact: true });
  await expect(response).toContainText('200');
  await expect(response).toContainText('OK');
  for (const header of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'x-request-id']) {
    await expect(response.getByRole('rowheader', { name: header, exact: true })).toBeVisible();
  }
  await expect(response.getByRole('row', { name: /^x-request-id/ })).toContainText(/req_/);
  await expect(response.getByRole('row', { name: /^ratelimit-limit/ })).toContainText(/\d+/);
  const body = response.getByRole('region', { name: 'Body', exact: true });
  await expect(body).toContainText(`"name": "${name}"`);
  await expect(body).toContainText('"environment": "test"');

  // The curl command names a variable, never the pasted key.
  const curl = me.getByRole('tabpanel', { name: 'curl', exact: true });
  await expect(curl).toContainText('Authorization: Bearer $PORTAL_API_KEY');
  await expect(curl).not.toContainText(secret);

  // Pasted once, the key is there in every other console of the page.
  const listKeys = operationCard(page, 'GET', '/keys');
  await listKeys.getByRole('button', { name: 'Try it' }).click();
  await expect(listKeys.getByLabel('API key')).toHaveValue(secret);

  // The key lives in React state only: not in storage, cookies or the URL.
  const traces = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
  expect(traces).not.toContain(secret);
  expect(page.url()).not.toContain(secret);

  // A wrong key gets the API's own 401 problem.
  await keyField.fill('pp_test_notarealkey0000000000000000');
  await me.getByRole('button', { name: 'Send request' }).click();
  await expect(response).toContainText('401');
  await expect(response.getByRole('row', { name: /^content-type/ })).toContainText('application/problem+json');
  await expect(body).toContainText('"status": 401');
  await expect(body).toContainText('"requestId": "req_');

  expect(page.url()).not.toContain('pp_test_');
});

test('the reference lists every operation of /api/v1/openapi.json', async ({ page, request }) => {
  const documentResponse = await request.get('/api/v1/openapi.json');
  expect(documentResponse.status()).toBe(200);
  const document = (await documentResponse.json()) as {
    paths: Record<string, Record<string, { operationId: string; summary: string; responses: Record<string, unknown> }>>;
  };

  await signIn(page, demo.developer);
  await mainNav(page).getByRole('link', { name: 'API reference' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
  const index = page.getByRole('navigation', { name: 'Endpoints' });

  let operations = 0;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!httpMethods.includes(method)) continue;
      operations += 1;
      const card = operationCard(page, method.toUpperCase(), path);
      await expect(card, `${method.toUpperCase()} ${path}`).toHaveCount(1);
      await expect(card).toContainText(operation.summary);
      for (const status of Object.keys(operation.responses)) await expect(card.getByText(status, { exact: true }).first()).toBeVisible();
      await expect(index.locator(`a[href="#${operation.operationId}"]`)).toHaveCount(1);
    }
  }
  expect(operations).toBeGreaterThan(0);
});
