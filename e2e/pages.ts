import { demo } from './support';

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
