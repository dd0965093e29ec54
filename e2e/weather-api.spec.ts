import { expect, test } from './fixtures';
import { demo, signIn } from './support';

// The e2e run starts examples/weather-api beside the portal (scripts/e2e.ts), its verifier synced from it.
const weatherApi = process.env.E2E_WEATHER_API_URL;

test('a partner’s key calls the example weather API, which checks it in-process, and the call shows in the portal’s usage', async ({ page }) => {
  test.skip(!weatherApi, 'the e2e runner starts the weather API (npm run test:e2e)');
  await signIn(page, demo.partnerAdmin);
  await page.goto('/keys/new');
  const name = `Weather e2e ${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('radio', { name: 'Test' }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = await page.getByRole('textbox', { name: 'API key', exact: true }).inputValue();

  // The new key reaches the weather API through the change stream, within a second or so.
  await expect(async () => {
    const answer = await page.request.get(`${weatherApi}/api/v1/weather?city=London`, { headers: { 'x-api-key': secret } });
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toMatchObject({ city: 'London', partner: 'Acme' });
  }).toPass({ timeout: 10_000, intervals: [250, 500, 1_000] });
  const refused = await page.request.get(`${weatherApi}/api/v1/weather?city=London`, { headers: { 'x-api-key': `${secret.slice(0, -4)}AAAA` } });
  expect(refused.status()).toBe(401);

  // The verifier posts its usage every second: the call shows on the key's page, on the weather endpoint.
  await page.getByRole('link', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const keyUrl = page.url();
  const totals = page.getByLabel('Totals for the range');
  await expect(async () => {
    await page.goto(keyUrl);
    await expect(totals.getByRole('definition').first()).toHaveText('1');
  }).toPass({ timeout: 20_000, intervals: [1_000, 2_000] });
  const topEndpoints = page.getByRole('region', { name: 'Top endpoints' });
  await topEndpoints.getByText('Show the numbers').click();
  await expect(topEndpoints.getByRole('table', { name: 'Top endpoints by requests' })).toContainText('GET /api/v1/weather');
});
