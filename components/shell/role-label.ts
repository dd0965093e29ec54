import type { UserActor, RoleName } from '@/lib/auth/actor';

const roleLabels: Record<RoleName, string> = {
  admin: 'Admin',
  support: 'Support',
  partner_admin: 'Partner admin',
  developer: 'Developer',
};

export function roleLabel(role: RoleName | null): string {
  return role ? roleLabels[role] : 'No role';
}

/** Same precedence as `actorRole()`: the staff role first, then the organization role. */
export function actorRoleLabel(actor: UserActor): string {
  return roleLabel(actor.staffRole ?? actor.membership?.role ?? null);
}
