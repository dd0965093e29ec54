import { expect, test, type Page } from './fixtures';
import { demo, mainNav, signIn, uniqueEmail } from './support';

/** Staff create an organization whose primary contact is `email`; returns the invitation link's path. */
async function createOrganization(staff: Page, name: string, email: string): Promise<string> {
  await staff.goto('/partners/new');
  await staff.getByLabel('Name', { exact: true }).fill(name);
  await staff.getByLabel('Primary contact email').fill(email);
  await staff.getByRole('button', { name: 'Create organization' }).click();
  return new URL(await staff.getByLabel('Invitation link').inputValue()).pathname;
}

function switcher(page: Page) {
  return page.getByRole('button', { name: /Switch organization/ });
}

function sidebarOrganization(page: Page) {
  return page.getByRole('complementary').getByText(/^Switch [AB] /);
}

test('a user in two organizations switches between them from the header and sees each one’s keys', async ({ browser }) => {
  const tag = Date.now().toString(36);
  const first = `Switch A ${tag}`;
  const second = `Switch B ${tag}`;
  const email = uniqueEmail('switcher');

  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, demo.admin);
  const firstLink = await createOrganization(staff, first, email);
  const secondLink = await createOrganization(staff, second, email);
  await staffContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  // Joins the first organization with a new account: one organization, no switcher.
  await page.goto(firstLink);
  await page.getByLabel('Your name').fill('Sam Switcher');
  await page.getByLabel('Password').fill('a sufficiently long password');
  await page.getByRole('button', { name: 'Create account and join' }).click();
  await expect(mainNav(page).getByRole('link', { name: 'API keys' })).toBeVisible();
  await expect(switcher(page)).toHaveCount(0);

  // Accepts the second invitation signed in: two organizations, still working in the first (the oldest).
  await page.goto(secondLink);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(switcher(page)).toHaveAccessibleName(`Organization: ${first}. Switch organization`);

  // With the keyboard: open the menu, the current one is checked, choose the other.
  await switcher(page).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Organizations' });
  await expect(menu.getByRole('menuitemradio', { name: new RegExp(first) })).toHaveAttribute('aria-checked', 'true');
  await expect(menu.getByRole('menuitemradio', { name: new RegExp(first) })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitemradio', { name: new RegExp(second) })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(switcher(page)).toHaveAccessibleName(`Organization: ${second}. Switch organization`);
  await expect(sidebarOrganization(page)).toHaveText(second);

  // A key made now belongs to the second organization.
  await page.goto('/keys/new');
  await page.getByLabel('Name', { exact: true }).fill('Key of B');
  await page.getByRole('radio', { name: 'Test' }).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByRole('heading', { name: 'Copy your new API key' })).toBeVisible();
  await page.goto('/keys');
  await expect(page.getByRole('row', { name: /Key of B/ })).toBeVisible();

  // Back to the first with the mouse: its keys, not the second's.
  await switcher(page).click();
  await menu.getByRole('menuitemradio', { name: new RegExp(first) }).click();
  await expect(sidebarOrganization(page)).toHaveText(first);
  await page.goto('/keys');
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
  await expect(page.getByRole('row', { name: /Key of B/ })).toHaveCount(0);
  await context.close();
});
