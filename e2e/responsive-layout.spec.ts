import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from './fixtures';
import { navigationPaths, roleHasPage, roleLogins, signInAndReadNavigation, signedOutPaths } from './pages';
import { demo, mainNav, signIn } from './support';

// Every main page of every role at a phone's width (390 px): nothing wider than the screen, so the page
// never scrolls sideways (wide tables scroll inside their own box). And at 1,280 px the keys and users
// tables fit without scrolling at all. One test per page, so each stays short.
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

/** The page's width beyond the viewport, and the widest elements that stick out (to say what to fix). */
async function pageOverflow(page: Page): Promise<{ scrollWidth: number; offenders: string[] }> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    // Inside a box that scrolls or clips (an absolutely positioned element: only from its containing block up).
    const clipped = (el: Element) => {
      let node = el as HTMLElement;
      for (;;) {
        const parent = getComputedStyle(node).position === 'absolute' ? node.offsetParent : node.parentElement;
        if (!(parent instanceof HTMLElement) || parent === document.body) return false;
        if (getComputedStyle(parent).overflowX !== 'visible') return true;
        node = parent;
      }
    };
    const offenders = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > viewport + 0.5 && !clipped(el))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, offenders };
  });
}

async function expectNoSidewaysScroll(page: Page, pathname: string) {
  await page.goto(pathname);
  await expect(page.locator('main')).toBeVisible();
  const { scrollWidth, offenders } = await pageOverflow(page);
  expect(scrollWidth, `${pathname} is ${scrollWidth} px wide: ${offenders.join('; ')}`).toBeLessThanOrEqual(PHONE.width);
}

test.describe('at 390 px', () => {
  test.use({ viewport: PHONE });

  for (const pathname of signedOutPaths) {
    test(`signed out ${pathname} has no sideways scrolling`, async ({ page }) => {
      await expectNoSidewaysScroll(page, pathname);
    });
  }

  test('the navigation collapses to a menu button', async ({ page }) => {
    await signIn(page, demo.partnerAdmin);
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(mainNav(page).getByRole('link', { name: 'API keys' })).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await mainNav(page).getByRole('link', { name: 'API keys' }).click();
    await expect(page).toHaveURL(/\/keys$/);
    // The menu closes once a page is chosen.
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(mainNav(page).getByRole('link', { name: 'API keys' })).toBeHidden();
  });
});

for (const [role, email] of roleLogins) {
  test.describe(`${role} at 390 px`, () => {
    const statePath = path.join(os.tmpdir(), `pp-layout-${role.replace(/\W+/g, '-')}-${process.pid}.json`);
    let navigation: Set<string>;

    test.beforeAll(async ({ browser }) => {
      navigation = await signInAndReadNavigation(browser, email, statePath);
    });

    for (const pathname of role === 'pending partner_admin' ? ['/pending'] : navigationPaths) {
      test(`${role} ${pathname} has no sideways scrolling`, async ({ browser, consoleGuard }) => {
        if (pathname === '/reference') test.slow();
        consoleGuard.allow(/status of 404/);
        test.skip(role !== 'pending partner_admin' && !roleHasPage(navigation, pathname), `${role} has no ${pathname} in the navigation`);
        const context = await browser.newContext({ storageState: statePath, viewport: PHONE });
        await expectNoSidewaysScroll(await context.newPage(), pathname);
        await context.close();
      });
    }
  });
}

test.describe('at 1,280 px', () => {
  test.use({ viewport: LAPTOP });

  test('the keys and users tables fit without scrolling sideways', async ({ page, browser }) => {
    // A key with every detail the table shows (several scopes, a long name), so the row is a real one.
    const partnerContext = await browser.newContext({ viewport: LAPTOP });
    const partner = await partnerContext.newPage();
    await signIn(partner, demo.partnerAdmin);
    await partner.goto('/keys/new');
    await partner.getByLabel('Name', { exact: true }).fill('Layout check key with a rather long descriptive name');
    await partner.getByRole('radio', { name: 'Test' }).check();
    for (const scope of ['catalog:read', 'docs:read', 'usage:read']) await partner.getByRole('checkbox', { name: scope }).check();
    await partner.getByRole('button', { name: 'Create key' }).click();
    await expect(partner.getByRole('heading', { name: 'Copy your new API key' })).toBeVisible();
    await partnerContext.close();

    await signIn(page, demo.admin);
    for (const pathname of ['/keys', '/users']) {
      await page.goto(pathname);
      const table = page.getByRole('table').first();
      await expect(table.getByRole('row').nth(1)).toBeVisible();
      const box = await table.evaluate((el) => {
        const container = el.parentElement!;
        return { scrollWidth: container.scrollWidth, clientWidth: container.clientWidth };
      });
      expect.soft(box.scrollWidth, `${pathname}: the table is ${box.scrollWidth} px in a ${box.clientWidth} px box`).toBeLessThanOrEqual(box.clientWidth);
    }
  });
});
