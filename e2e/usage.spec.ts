import { expect, test } from './fixtures';
import { demo, signIn } from './support';

test('a partner’s calls show on the usage pages, and the request explorer finds one by its request id', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, demo.partnerAdmin);
  await page.goto('/keys/new');
  const name = `Usage e2e ${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('radio', { name: 'Test' }).check();
  await page.getByRole('checkbox', { name: 'usage:read' }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = await page.getByRole('textbox', { name: 'API key', exact: true }).inputValue();
  const headers = { authorization: `Bearer ${secret}` };

  // Three successful calls and two refused ones (the key lacks keys:write).
  for (let i = 0; i < 3; i++) expect((await page.request.get('/api/v1/me', { headers })).status()).toBe(200);
  const refused = await page.request.get('/api/v1/keys', { headers });
  expect(refused.status()).toBe(403);
  const refusedId = refused.headers()['x-request-id']!;
  expect((await page.request.get('/api/v1/keys', { headers })).status()).toBe(403);

  // The key's page shows exactly these five (the buffer is written every second).
  await page.getByRole('link', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const keyUrl = page.url();
  const totals = page.getByLabel('Totals for the range');
  await expect(async () => {
    await page.goto(keyUrl);
    await expect(totals.getByRole('definition').first()).toHaveText('5');
  }).toPass({ timeout: 20_000, intervals: [1_000, 2_000] });
  await expect(totals).toContainText(/40(\.0)?\s?%/); // 2 of 5 refused

  // The usage API says the same.
  const series = await page.request.get('/api/v1/usage', { headers });
  expect(series.status()).toBe(200);
  const body = await series.json();
  expect(body.totals).toMatchObject({ requests: expect.any(Number) });

  // The explorer finds the refused request by its id, with its status.
  await page.goto('/usage/requests');
  await page.getByLabel('Request id').fill(refusedId);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const row = page.getByRole('row', { name: new RegExp(refusedId) });
  await expect(row).toBeVisible();
  await expect(row).toContainText('403');
  await expect(page.getByRole('table', { name: 'API requests' }).getByRole('row')).toHaveCount(2); // header + 1
});

test('the live stream and the request pages keep to the viewer’s organization', async ({ page, browser, consoleGuard }) => {
  // This test opens a not-found page on purpose: Chromium logs its 404.
  consoleGuard.allow(/status of 404/);
  // Signed out: the stream answers 401 (the proxy does not cover /api).
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get('/api/usage/live')).status()).toBe(401);
  await anonymous.close();

  // A partner asking for another organization's stream, or another organization's request, gets a 404.
  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await signIn(staffPage, demo.admin);
  await staffPage.goto('/partners?status=pending');
  const globexHref = await staffPage.getByRole('link', { name: 'Globex' }).first().getAttribute('href');
  const globexId = globexHref!.split('/').pop()!;
  await staff.close();

  await signIn(page, demo.developer);
  expect((await page.request.get(`/api/usage/live?partner=${globexId}`)).status()).toBe(404);
  expect((await page.goto(`/usage/requests?partner=${globexId}`))?.status()).toBe(404);
  expect((await page.goto('/usage/requests/req_notyours'))?.status()).toBe(404);
  // Their own stream opens as an event stream.
  const own = await page.evaluate(async () => {
    const controller = new AbortController();
    const response = await fetch('/api/usage/live', { signal: controller.signal });
    const type = response.headers.get('content-type');
    controller.abort();
    return { status: response.status, type };
  });
  expect(own).toEqual({ status: 200, type: expect.stringContaining('text/event-stream') });
});
