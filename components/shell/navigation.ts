import {
  Activity,
  Bell,
  BookOpen,
  Building2,
  ChartColumn,
  FileCode2,
  ListTree,
  KeyRound,
  LayoutDashboard,
  LockKeyhole,
  Network,
  ScrollText,
  ShieldCheck,
  UserCog,
  UserRound,
  Users,
  type LucideIcon,
} from 'lucide-react';
import type { UserActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/policy';
import { ownScope } from '@/lib/auth/tenant';

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Whether the actor may use the section; decided by the policy, never by role names. */
  visible: (actor: UserActor) => boolean;
}

/**
 * The portal's sections, in menu order. A new feature adds one entry here and the sidebar follows.
 */
export const navigation: NavItem[] = [
  {
    href: '/',
    label: 'Dashboard',
    icon: LayoutDashboard,
    visible: () => true,
  },
  {
    href: '/partners',
    label: 'Partners',
    icon: Users,
    visible: (actor) => can(actor, 'partner.list', { partnerId: null }),
  },
  {
    href: '/users',
    label: 'Users',
    icon: UserCog,
    // Every account, staff and partner users: for staff, like the organizations.
    visible: (actor) => can(actor, 'partner.list', { partnerId: null }),
  },
  {
    href: '/keys',
    label: 'API keys',
    icon: KeyRound,
    // Staff see every organization's keys; partner users their own organization's.
    visible: (actor) => can(actor, 'key.read', ownScope(actor)),
  },
  {
    href: '/secrets',
    label: 'Secrets',
    icon: LockKeyhole,
    // Names and metadata: staff of both kinds and every partner user; who may see values is decided per environment.
    visible: (actor) => can(actor, 'secret.read', ownScope(actor)),
  },
  {
    href: '/usage',
    label: 'Usage',
    icon: ChartColumn,
    visible: (actor) => can(actor, 'usage.read', ownScope(actor)),
  },
  {
    href: '/usage/requests',
    label: 'Requests',
    icon: ListTree,
    visible: (actor) => can(actor, 'usage.read', ownScope(actor)),
  },
  {
    href: '/usage/live',
    label: 'Live traffic',
    icon: Activity,
    visible: (actor) => can(actor, 'usage.read', ownScope(actor)),
  },
  {
    href: '/alerts',
    label: 'Alerts',
    icon: Bell,
    visible: (actor) => can(actor, 'usage.read', ownScope(actor)),
  },
  {
    href: '/docs',
    label: 'Docs',
    icon: BookOpen,
    // Everyone reads docs; what each may read (drafts, other organizations') is decided per doc.
    visible: (actor) => can(actor, 'doc.read', { partnerId: null, published: true }),
  },
  {
    href: '/reference',
    label: 'API reference',
    icon: FileCode2,
    visible: (actor) => can(actor, 'catalog.read', { partnerId: null }),
  },
  {
    href: '/catalog',
    label: 'Catalog',
    icon: Network,
    visible: (actor) => can(actor, 'catalog.read', { partnerId: null }),
  },
  {
    href: '/organization',
    label: 'Organization',
    icon: Building2,
    visible: (actor) => actor.membership !== null && can(actor, 'partner.read', { partnerId: actor.membership.partnerId }),
  },
  {
    href: '/verifiers',
    label: 'Verifiers',
    icon: ShieldCheck,
    // Staff: the services that verify partner keys in-process (packages/verifier).
    visible: (actor) => can(actor, 'partner.list', { partnerId: null }),
  },
  {
    href: '/audit',
    label: 'Audit log',
    icon: ScrollText,
    visible: (actor) => can(actor, 'audit.read', ownScope(actor)),
  },
  {
    href: '/account',
    label: 'Account',
    icon: UserRound,
    visible: () => true,
  },
];

export function navigationFor(actor: UserActor): NavItem[] {
  return navigation.filter((item) => item.visible(actor));
}
