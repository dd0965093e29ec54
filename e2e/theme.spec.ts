import { expect, test, type Page } from './fixtures';
import { demo, signIn } from './support';

/** The page's background and text colours as relative luminance (0 black … 1 white); the screenshot is attached to the report. */
async function colours(page: Page, name: string) {
  await test.info().attach(`${name}.png`, { body: await page.screenshot(), contentType: 'image/png' });
  return page.evaluate(() => {
    // Whatever notation the browser reports (oklch, lab, rgb), a canvas turns it into sRGB.
    const canvas = document.createElement('canvas').getContext('2d')!;
    const luminance = (css: string) => {
      canvas.clearRect(0, 0, 1, 1);
      canvas.fillStyle = css;
      canvas.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0] = canvas.getImageData(0, 0, 1, 1).data;
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    return { background: luminance(getComputedStyle(document.body).backgroundColor), text: luminance(getComputedStyle(document.body).color) };
  });
}

test('the usage page in each theme: it follows the system, the header switch overrides it, and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await signIn(page, demo.partnerAdmin);
  await page.goto('/usage');
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  const light = await colours(page, 'usage-light');
  expect(light.background).toBeGreaterThan(0.8);
  expect(light.text).toBeLessThan(0.3);

  await page.emulateMedia({ colorScheme: 'dark' });
  // "System" follows the setting as it changes, without a reload.
  await expect(page.locator('html')).toHaveClass(/dark/);
  const dark = await colours(page, 'usage-dark');
  expect(dark.background).toBeLessThan(0.2);
  expect(dark.text).toBeGreaterThan(0.7);

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
