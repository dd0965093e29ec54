import type { StaffRole } from '@/db/schema';

/** The portal-wide identity provider of the company's staff, from the environment; null when not configured. */
export interface StaffOidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's label: "Sign in with {name}". */
  name: string;
  /** The claim holding the person's groups or roles (a string or a list of strings). */
  roleClaim: string;
  adminValues: string[];
  supportValues: string[];
}

const list = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export function staffOidcConfig(env: NodeJS.ProcessEnv = process.env): StaffOidcConfig | null {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return null;
  return {
    issuer,
    clientId,
    clientSecret,
    name: env.OIDC_NAME || 'single sign-on',
    roleClaim: env.OIDC_ROLE_CLAIM || 'groups',
    adminValues: list(env.OIDC_ADMIN_VALUES, 'portal-admin'),
    supportValues: list(env.OIDC_SUPPORT_VALUES, 'portal-support'),
  };
}

/** The staff role the provider's claim gives (admin wins over support); null: not staff by the provider's word. */
export function staffRoleFromClaims(
  config: Pick<StaffOidcConfig, 'roleClaim' | 'adminValues' | 'supportValues'>,
  claims: Record<string, unknown>,
): StaffRole | null {
  const raw = claims[config.roleClaim];
  const values = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  if (values.some((v) => config.adminValues.includes(v))) return 'admin';
  if (values.some((v) => config.supportValues.includes(v))) return 'support';
  return null;
}
