import AxeBuilder from '@axe-core/playwright';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from './fixtures';
import { navigationPaths, roleHasPage, roleLogins, signInAndReadNavigation, signedOutPaths } from './pages';

// Every page of every role through axe (WCAG 2.1 A and AA): no serious or critical violation. One test
// per page, so each stays short; the count of pages checked and violations found is printed.

async function seriousViolations(page: Page, label: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
  console.log(`[axe] ${label}: 1 page checked, ${found.length} serious or critical violations`);
  return found;
}

test.describe('signed out', () => {
  for (const pathname of signedOutPaths) {
    test(`signed out ${pathname}: no serious or critical violations`, async ({ page }) => {
      if (pathname === '/reference') test.slow();
      await page.goto(pathname);
      await expect(page.locator('main')).toBeVisible();
      expect(await seriousViolations(page, `signed out ${pathname}`)).toEqual([]);
    });
  }
});

for (const [role, email] of roleLogins) {
  test.describe(role, () => {
    const statePath = path.join(os.tmpdir(), `pp-axe-${role.replace(/\W+/g, '-')}-${process.pid}.json`);
    let navigation: Set<string>;

    test.beforeAll(async ({ browser }) => {
      navigation = await signInAndReadNavigation(browser, email, statePath);
    });

    for (const pathname of role === 'pending partner_admin' ? ['/pending'] : navigationPaths) {
      test(`${role} ${pathname}: no serious or critical violations`, async ({ browser, consoleGuard }) => {
        // The reference is one long page (every operation, schema and code sample): axe needs longer there.
        if (pathname === '/reference') test.slow();
        // A section a role may list but not write in (support on /keys/new) is a 404 page: checked too.
        consoleGuard.allow(/status of 404/);
        const top = `/${pathname.split('/')[1] ?? ''}`;
        test.skip(role !== 'pending partner_admin' && !roleHasPage(navigation, pathname), `${role} has no ${top} in the navigation`);
        const page = await (await browser.newContext({ storageState: statePath })).newPage();
        await page.goto(pathname);
        await expect(page.locator('main')).toBeVisible();
        expect(await seriousViolations(page, `${role} ${pathname}`)).toEqual([]);
      });
    }
  });
}
