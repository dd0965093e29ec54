import type { Browser } from '@playwright/test';
import { demo, mainNav, signIn } from './support';

/** The main pages of the signed-in portal, by path; a role sees those its navigation lists (and /account). */
export const navigationPaths = [
  '/',
  '/partners',
  '/users',
  '/keys',
  '/keys/new',
  '/secrets',
  '/usage',
  '/usage/requests',
  '/usage/live',
  '/alerts',
  '/docs',
  '/docs/v1/quickstart',
  '/reference',
  '/reference/graphql',
  '/catalog',
  '/organization',
  '/audit',
  '/account',
];

/** The pages a signed-out visitor can open. */
export const signedOutPaths = ['/login', '/signup', '/docs', '/docs/v1/quickstart', '/reference'];

/** One demo login per role. */
export const roleLogins = [
  ['admin', demo.admin],
  ['support', demo.support],
  ['partner_admin', demo.partnerAdmin],
  ['developer', demo.developer],
  ['pending partner_admin', demo.pendingAdmin],
] as const;

/** Whether a role's navigation (hrefs of the main nav) has the section of `pathname`. */
export function roleHasPage(navigation: Set<string>, pathname: string): boolean {
  const top = `/${pathname.split('/')[1] ?? ''}`;
  return navigation.has(top) || top === '/account';
}

/**
 * Signs a role in once, keeps its session in `statePath` (for the per-page tests' contexts) and returns the
 * hrefs of its main navigation (which pages the role has).
 */
export async function signInAndReadNavigation(browser: Browser, email: string, statePath: string): Promise<Set<string>> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  const hrefs = await mainNav(page)
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
    .catch(() => []);
  await context.storageState({ path: statePath });
  await context.close();
  return new Set(hrefs);
}
