import { eq, sql } from 'drizzle-orm';
import { writeAuditLog } from '@/lib/audit/write-audit-log';
import { systemActor } from '@/lib/auth/actor';
import type { Database } from '@/db';
import { memberships, partners, users, type PartnerRole, type PartnerStatus, type StaffRole } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { newId } from '@/lib/ids';
import { ensureDefaultEnvironments } from '@/lib/secrets/environments';

export const DEMO_PASSWORD = 'portal-demo-password';

export interface DemoUser {
  email: string;
  name: string;
  staffRole?: StaffRole;
  org?: { slug: string; role: PartnerRole };
}

export const demoOrgs: DemoOrganization[] = [
  { slug: 'acme', name: 'Acme', status: 'active' },
  { slug: 'globex', name: 'Globex', status: 'pending' },
];

export const demoUsers: DemoUser[] = [
  { email: 'admin@portal.test', name: 'Ada Admin', staffRole: 'admin' },
  { email: 'support@portal.test', name: 'Sam Support', staffRole: 'support' },
  { email: 'alice@acme.test', name: 'Alice Acme', org: { slug: 'acme', role: 'partner_admin' } },
  { email: 'dave@acme.test', name: 'Dave Acme', org: { slug: 'acme', role: 'developer' } },
  { email: 'gina@globex.test', name: 'Gina Globex', org: { slug: 'globex', role: 'partner_admin' } },
  { email: 'dan@globex.test', name: 'Dan Globex', org: { slug: 'globex', role: 'developer' } },
];

export interface DemoLogin {
  email: string;
  password: string;
  role: string;
  organization: string | null;
}

export interface DemoOrganization {
  slug: string;
  name: string;
  status: PartnerStatus;
}

/** Creates what is missing and leaves what exists alone, so it can run on every `npm run dev`. */
export async function seedDemoData(db: Database): Promise<DemoLogin[]> {
  await ensureDemoAccounts(db, demoOrgs, demoUsers);
  return demoLoginsOf(demoOrgs, demoUsers);
}

export function demoLoginsOf(orgs: DemoOrganization[], people: DemoUser[]): DemoLogin[] {
  return people.map((u) => ({
    email: u.email,
    password: DEMO_PASSWORD,
    role: u.staffRole ?? u.org?.role ?? 'none',
    organization: u.org ? (orgs.find((o) => o.slug === u.org!.slug)?.name ?? null) : null,
  }));
}

/** The organizations (by slug) and people, created when missing (a new organization gets the default secret environments). */
export async function ensureDemoAccounts(db: Database, orgs: DemoOrganization[], people: DemoUser[]): Promise<Map<string, string>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const partnerIds = new Map<string, string>();
  await db.transaction(async (tx) => {
    for (const org of orgs) {
      const [existing] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.slug, org.slug));
      const id = existing?.id ?? newId('org');
      if (!existing) {
        await tx.insert(partners).values({
          id,
          name: org.name,
          slug: org.slug,
          status: org.status,
          approvedAt: org.status === 'active' ? new Date() : null,
          supportTier: org.slug === 'acme' ? 'priority' : 'standard',
        });
        // Seeding is an ops job: the system actor, on the audit trail like any other change.
        await writeAuditLog(
          tx,
          systemActor('ops: demo seed'),
          { action: 'partner.create', partnerId: id, targetType: 'partner', targetId: id, metadata: { name: org.name, status: org.status, seeded: true } },
          { ip: null, userAgent: null },
        );
      }
      await ensureDefaultEnvironments(tx, id);
      partnerIds.set(org.slug, id);
    }
    for (const user of people) {
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(sql`lower(${users.email})`, user.email));
      const userId = existing?.id ?? newId('usr');
      if (!existing) {
        await tx.insert(users).values({ id: userId, email: user.email, name: user.name, passwordHash, staffRole: user.staffRole ?? null });
      }
      if (user.org) {
        const [partner] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.slug, user.org.slug));
        const partnerId = partner!.id;
        await tx
          .insert(memberships)
          .values({ id: newId('mem'), partnerId, userId, role: user.org.role })
          .onConflictDoNothing({ target: [memberships.partnerId, memberships.userId] });
        if (user.org.role === 'partner_admin') {
          await tx
            .update(partners)
            .set({ primaryContactId: userId })
            .where(sql`${partners.id} = ${partnerId} and ${partners.primaryContactId} is null`);
        }
      }
    }
  });
  return partnerIds;
}

export function formatDemoLogins(logins: DemoLogin[]): string {
  const rows = logins.map((l) => `  ${l.role.padEnd(14)} ${l.email.padEnd(22)} ${l.password}${l.organization ? `   (${l.organization})` : ''}`);
  return ['Demo logins (role, email, password):', ...rows].join('\n');
}
