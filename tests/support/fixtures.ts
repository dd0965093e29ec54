import { db } from '@/db';
import { memberships, partners, users, type PartnerRole, type PartnerStatus, type StaffRole } from '@/db/schema';
import { loadActor, type UserActor } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import { newId, randomBase62 } from '@/lib/ids';
import { ensureDefaultEnvironments } from '@/lib/secrets/environments';
import type { RequestMeta } from '@/lib/audit/write-audit-log';

export const testMeta: RequestMeta = { ip: '203.0.113.7', userAgent: 'vitest' };
export const TEST_PASSWORD = 'correct horse battery';

let passwordHash: Promise<string> | undefined;

export async function createOrg(options: { status?: PartnerStatus; name?: string } = {}) {
  const id = newId('org');
  const name = options.name ?? `Org ${randomBase62(6)}`;
  await db
    .insert(partners)
    .values({ id, name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBase62(6).toLowerCase()}`, status: options.status ?? 'active' });
  await ensureDefaultEnvironments(db, id);
  return { id, name };
}

export async function createUser(options: { staffRole?: StaffRole; org?: { id: string; role: PartnerRole }; email?: string } = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = newId('usr');
  const email = options.email ?? `user-${randomBase62(8).toLowerCase()}@example.test`;
  await db.insert(users).values({ id, email, name: `User ${email}`, passwordHash: await passwordHash, staffRole: options.staffRole ?? null });
  if (options.org) await db.insert(memberships).values({ id: newId('mem'), partnerId: options.org.id, userId: id, role: options.org.role });
  return { id, email, password: TEST_PASSWORD };
}

export async function actorOf(userId: string): Promise<UserActor> {
  const actor = await loadActor(db, userId);
  if (!actor) throw new Error(`no actor for ${userId}`);
  return actor;
}

/** One user of each role: staff, and a partner_admin and a developer of an active org. */
export async function createCast() {
  const org = await createOrg({ name: 'Acme Test' });
  const [admin, support, partnerAdmin, developer] = await Promise.all([
    createUser({ staffRole: 'admin' }),
    createUser({ staffRole: 'support' }),
    createUser({ org: { id: org.id, role: 'partner_admin' } }),
    createUser({ org: { id: org.id, role: 'developer' } }),
  ]);
  return {
    org,
    admin: await actorOf(admin.id),
    support: await actorOf(support.id),
    partnerAdmin: await actorOf(partnerAdmin.id),
    developer: await actorOf(developer.id),
  };
}
