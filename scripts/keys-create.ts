/**
 * Creates an API key from the shell and prints its secret once (staff bootstrap service keys with it).
 *   npm run keys:create -- --org acme --env live --scopes keys:verify [--name "Billing service"]
 *                          [--rate-limit 600] [--quota 1000000] [--expires 2027-01-01] [--ip 10.0.0.0/8,2001:db8::/32]
 */
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { closeDatabase, getDatabase } from '@/db';
import { partners } from '@/db/schema';
import { performAction } from '@/lib/actions/execute-action';
import { systemActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { createKeySpec } from '@/lib/keys/create-key-action';
import { createKeyInput } from '@/lib/keys/key-input';

const flags: Record<string, string> = { environment: 'env', rateLimitPerMinute: 'rate-limit', monthlyQuota: 'quota', expiresAt: 'expires', ipAllowlist: 'ip' };
const usage = 'Usage: npm run keys:create -- --org <slug> --env test|live --scopes a,b [--name n] [--rate-limit n] [--quota n] [--expires date] [--ip list]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        org: { type: 'string' },
        env: { type: 'string' },
        scopes: { type: 'string', default: '' },
        name: { type: 'string' },
        'rate-limit': { type: 'string' },
        quota: { type: 'string' },
        expires: { type: 'string' },
        ip: { type: 'string', default: '' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (!values.org) {
    console.error(`--org is required.\n${usage}`);
    return 2;
  }
  const parsed = createKeyInput.safeParse({
    name: values.name ?? `${values.env ?? ''} key made from the shell`.trim(),
    environment: values.env,
    scopes: values.scopes,
    rateLimitPerMinute: values['rate-limit'],
    monthlyQuota: values.quota,
    expiresAt: values.expires,
    ipAllowlist: values.ip,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      console.error(`--${flags[field] ?? field}: ${issue.message}`);
    }
    console.error(usage);
    return 2;
  }

  const { db } = getDatabase();
  const [partner] = await db.select().from(partners).where(eq(partners.slug, values.org));
  if (!partner) {
    console.error(`No organization with the slug "${values.org}".`);
    return 1;
  }
  // The same create spec as the portal and the API, as the system actor: same checks, same audit row.
  let created;
  try {
    created = await performAction(
      createKeySpec,
      { ...parsed.data, partnerId: partner.id },
      {
        actor: systemActor('ops: npm run keys:create'),
        meta: { ip: null, userAgent: null },
      },
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    for (const [field, messages] of Object.entries(error.fieldErrors ?? {})) console.error(`--${flags[field] ?? field}: ${messages.join('; ')}`);
    console.error(error.message);
    return 2;
  }
  const { key } = created;
  console.error(`Created ${key.environment} key "${key.keyName}" (${key.id}) for ${partner.name}; scopes: ${key.scopes.join(', ') || 'none'}.`);
  if (partner.status !== 'active') console.error(`Note: ${partner.name} is ${partner.status}; its keys are refused until it is active.`);
  console.error('The secret below is shown this once. Store it in a secret manager:');
  // The secret alone on stdout, so that it can be piped: `npm run -s keys:create -- … > key.txt`.
  console.log(created.secret);
  return 0;
}

main()
  .then(async (code) => {
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error('Could not create the key:', error instanceof Error ? error.message : error);
    await closeDatabase().catch(() => {});
    process.exit(1);
  });
