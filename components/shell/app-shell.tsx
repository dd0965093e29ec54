import Link from 'next/link';
import type { ReactNode } from 'react';
import type { OrganizationMembership } from '@/lib/account/switch-organization';
import type { FormAction } from '@/lib/actions/action-spec';
import type { UserActor } from '@/lib/auth/actor';
import { Badge } from '@/components/ui/badge';
import { Logo } from './logo';
import { ThemeSwitch } from './theme-switch';
import { MainNav } from './main-nav';
import { navigationFor } from './navigation';
import { OrganizationSwitcher } from './organization-switcher';
import { actorRoleLabel, roleLabel } from './role-label';
import { SignOutButton } from './sign-out-button';
import { SuspendedBanner } from './suspended-banner';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [name.trim()[0]];
  return letters.join('').toUpperCase() || '?';
}

/**
 * The signed-in frame: header with the user (and, for people in several organizations, the organization
 * switcher), the main navigation, and the page. The server actions come from the layout.
 */
export function AppShell({
  actor,
  signOutAction,
  organizations = [],
  switchOrganizationAction,
  children,
}: {
  actor: UserActor;
  signOutAction: () => Promise<void>;
  /** The person's organizations when there are two or more; empty: no switcher. */
  organizations?: OrganizationMembership[];
  switchOrganizationAction?: FormAction;
  children: ReactNode;
}) {
  const links = navigationFor(actor).map((item) => ({
    href: item.href,
    label: item.label,
    icon: <item.icon aria-hidden="true" />,
  }));
  const role = actorRoleLabel(actor);
  const organization = actor.staffRole ? null : actor.membership;

  return (
    <div className="min-h-screen bg-zinc-50">
      <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75">
        <div className="flex h-16 items-center justify-between gap-3 px-4 lg:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <Link href="/" className="shrink-0 rounded-lg">
              <Logo compact />
            </Link>
            {organizations.length > 1 && switchOrganizationAction ? (
              <OrganizationSwitcher
                organizations={organizations.map((o) => ({ partnerId: o.partnerId, name: o.name, roleLabel: roleLabel(o.role) }))}
                currentId={actor.membership?.partnerId ?? null}
                action={switchOrganizationAction}
              />
            ) : null}
          </div>
          <div className="flex min-w-0 items-center gap-3">
            <div className="hidden min-w-0 items-center gap-3 sm:flex">
              <span aria-hidden="true" className="flex size-8 shrink-0 items-center justify-center rounded-full bg-zinc-900 text-xs font-semibold text-white">
                {initials(actor.name)}
              </span>
              <div className="min-w-0 text-right leading-tight">
                <p className="truncate text-sm font-medium text-zinc-900">{actor.name}</p>
                <p className="truncate text-xs text-zinc-500">{actor.email}</p>
              </div>
            </div>
            <span className="hidden sm:inline-flex">
              <Badge tone={actor.staffRole ? 'accent' : 'neutral'}>
                <span className="sr-only">Role: </span>
                {role}
              </Badge>
            </span>
            <ThemeSwitch className="hidden sm:flex" />
            <SignOutButton action={signOutAction} />
          </div>
        </div>
      </header>

      <div className="lg:flex">
        <aside className="border-b border-zinc-200 bg-white lg:sticky lg:top-16 lg:h-[calc(100vh-4rem)] lg:w-64 lg:shrink-0 lg:border-r lg:border-b-0">
          {organization ? (
            <div className="hidden border-b border-zinc-100 px-6 py-4 lg:block">
              <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">Organization</p>
              <p className="mt-1 truncate text-sm font-semibold text-zinc-900">{organization.partnerName}</p>
            </div>
          ) : (
            <div className="hidden border-b border-zinc-100 px-6 py-4 lg:block">
              <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">Workspace</p>
              <p className="mt-1 text-sm font-semibold text-zinc-900">Staff console</p>
            </div>
          )}
          <MainNav
            links={links}
            extra={
              // On a phone the header keeps only the logo, the switcher and signing out; the rest is here.
              <>
                <span className="min-w-0 truncate text-sm text-zinc-600">{actor.email}</span>
                <Badge tone={actor.staffRole ? 'accent' : 'neutral'}>
                  <span className="sr-only">Role: </span>
                  {role}
                </Badge>
                <ThemeSwitch className="sm:hidden" />
              </>
            }
          />
        </aside>

        <div className="min-w-0 flex-1">
          {organization?.partnerStatus === 'suspended' ? <SuspendedBanner /> : null}
          <main id="portal-main" tabIndex={-1} className="mx-auto w-full max-w-6xl px-4 py-6 focus:outline-none sm:px-6 lg:px-8 lg:py-8">
            {children}
          </main>
        </div>
      </div>
    </div>
  );
}
