import path from 'node:path';
import { expect, test, type Page } from './fixtures';
import { demo, signIn } from './support';

// The README's pictures, taken from the living demo so they never go stale. Only meaningful on its data:
// run with E2E_DEMO=1 (scripts/e2e.ts seeds it then), e.g. `E2E_DEMO=1 npm run test:e2e -- e2e/readme-screenshots.spec.ts`.
test.skip(process.env.E2E_DEMO !== '1', 'needs the living demo: E2E_DEMO=1');
test.use({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });

const shot = (page: Page, name: string) => page.screenshot({ path: path.join('docs', 'screenshots', `${name}.png`) });

test('dashboard', async ({ page }) => {
  await signIn(page, demo.partnerAdmin);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  await shot(page, 'dashboard');
});

test('usage', async ({ page }) => {
  await signIn(page, demo.partnerAdmin);
  await page.goto('/usage?range=7d');
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await shot(page, 'usage');
});

test('a key page', async ({ page }) => {
  await signIn(page, demo.partnerAdmin);
  await page.goto('/keys');
  await page.getByRole('link', { name: 'Production backend' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Production backend' })).toBeVisible();
  await shot(page, 'key');
});

test('secrets', async ({ page }) => {
  await signIn(page, demo.partnerAdmin);
  await page.goto('/secrets?env=production');
  await expect(page.getByRole('link', { name: 'DATABASE_URL' })).toBeVisible();
  await shot(page, 'secrets');
});

test('reference', async ({ page }) => {
  await page.goto('/reference');
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
  await shot(page, 'reference');
});
