import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { demo, mainNav, signIn } from './support';

/** Serious and critical WCAG 2.1 A/AA violations of the page as it is now, as "rule: target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

async function checkPages(page: Page, label: string, paths: string[]) {
  const found: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
    found.push(...(await seriousViolations(page)).map((v) => `${path}: ${v}`));
  }
  console.log(`[axe] ${label}: ${paths.length} pages checked, ${found.length} serious or critical violations`);
  expect(found, `${label}: serious or critical violations`).toEqual([]);
}

async function navigationPaths(page: Page): Promise<string[]> {
  const hrefs = await mainNav(page)
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.filter((h) => h.startsWith('/')))];
}

test('signed out: sign-in, sign-up, the public docs and the reference have no serious or critical violations', async ({ page }) => {
  await checkPages(page, 'signed out', ['/login', '/signup', '/docs', '/docs/v1/quickstart', '/reference']);
});

for (const [role, email] of [
  ['admin', demo.admin],
  ['support', demo.support],
  ['partner_admin', demo.partnerAdmin],
  ['developer', demo.developer],
] as const) {
  test(`${role}: every page of the navigation has no serious or critical violations`, async ({ page }) => {
    await signIn(page, email);
    const paths = await navigationPaths(page);
    expect(paths.length).toBeGreaterThan(3);
    await checkPages(page, role, [...paths, '/account']);
  });
}

test('awaiting approval: the pending page has no serious or critical violations', async ({ page }) => {
  await signIn(page, demo.pendingAdmin);
  await checkPages(page, 'pending partner_admin', ['/pending']);
});
