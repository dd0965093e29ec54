import { expect, test, type Page } from './fixtures';
import { demo, signIn } from './support';

/** The page's background as [r, g, b]; the screenshot is attached to the report for a look. */
async function background(page: Page, name: string) {
  const shot = await page.screenshot({ fullPage: false });
  await test.info().attach(`${name}.png`, { body: shot, contentType: 'image/png' });
  const color = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const canvas = await page.evaluate(() => getComputedStyle(document.querySelector('main') ?? document.body).color);
  return { color, text: canvas };
}

const luminance = (css: string) => {
  const [r = 0, g = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).map(Number);
  // oklch() and rgb() both come back from getComputedStyle; for oklch the first number is the lightness.
  return css.startsWith('oklch') ? r * (r > 1 ? 0.01 : 1) : (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

test('the usage page in each theme: it follows the system, the header switch overrides it, and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await signIn(page, demo.partnerAdmin);
  await page.goto('/usage');
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  const light = await background(page, 'usage-light');
  expect(luminance(light.color)).toBeGreaterThan(0.8);

  await page.emulateMedia({ colorScheme: 'dark' });
  // "System" follows the setting as it changes, without a reload.
  await expect(page.locator('html')).toHaveClass(/dark/);
  const dark = await background(page, 'usage-dark');
  expect(luminance(dark.color)).toBeLessThan(0.3);
  expect(luminance(dark.text)).toBeGreaterThan(0.7);

  // The switch wins over the system, and is remembered: no light flash on the next page.
  await page.getByRole('button', { name: 'Light theme' }).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/keys');
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
});
