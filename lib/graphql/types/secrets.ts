import 'server-only';
import { db } from '@/db';
import { secretKinds } from '@/db/schema';
import { withTransaction } from '@/db/with-transaction';
import { can } from '@/lib/auth/policy';
import { querySecrets, type SecretListRow } from '@/lib/secrets/list-secrets';
import { readEnvironmentSecrets } from '@/lib/secrets/read-secrets';
import { environmentSlugField } from '@/lib/secrets/secret-input';
import type { AccessActor } from '@/lib/secrets/secret-store';
import { builder } from '../builder';
import { clientError, guarded, notFound, oneOrganization, type GraphqlContext } from '../context';
import { connectionComplexity, pagedConnection } from '../pagination';

interface SecretShape extends SecretListRow {
  partnerId: string;
  environmentId: string;
  environment: string;
}

const SecretKind = builder.enumType('SecretKind', { values: secretKinds });

/**
 * The values of an environment, read once per operation however many `value` fields ask: decrypted in a
 * transaction that writes one access-log row per secret, exactly as `GET /api/v1/secrets` (a pull) does.
 */
function environmentValues(ctx: GraphqlContext, secret: SecretShape): Promise<Map<string, string>> {
  let values = ctx.revealed.get(secret.environmentId);
  if (!values) {
    const who: AccessActor = ctx.key ? { type: 'api_key', keyId: ctx.key.id, label: ctx.key.tokenPrefix } : { type: 'user', actor: ctx.user! };
    const environment = { id: secret.environmentId, partnerId: secret.partnerId, slug: secret.environment };
    values = withTransaction(db, (tx) => readEnvironmentSecrets(tx, environment, who, 'pull', ctx.meta)).then(
      (rows) => new Map(rows.map((r) => [r.id, r.value])),
    );
    ctx.revealed.set(secret.environmentId, values);
  }
  return values;
}

const Secret = builder.objectRef<SecretShape>('Secret').implement({
  description: 'A secret of an environment: its name and metadata; its value only through `value`.',
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.field({ type: SecretKind, resolve: (s) => s.kind }),
    version: t.exposeInt('currentVersion'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    lastReadAt: t.expose('lastReadAt', { type: 'DateTime', nullable: true }),
    value: t.string({
      nullable: true,
      description:
        'The decrypted value. Needs `secrets:read` and a caller that may read this environment (a test key never reads production). Reading it writes the access log like a pull.',
      authScopes: { scope: 'secrets:read' },
      complexity: 20,
      resolve: async (secret, _args, ctx) => {
        if (!can(ctx.actor, 'secret.reveal', { partnerId: secret.partnerId, secretEnvironment: secret.environment })) {
          throw clientError('FORBIDDEN', `You may not read values of the ${secret.environment} environment.`);
        }
        return (await environmentValues(ctx, secret)).get(secret.id) ?? null;
      },
    }),
  }),
});

builder.queryFields((t) => ({
  secrets: t.connection({
    type: Secret,
    nullable: true,
    description: 'The secrets of one environment of your organization, by name. Needs `secrets:read`.',
    authScopes: { scope: 'secrets:read' },
    complexity: connectionComplexity,
    args: { environment: t.arg.string({ required: true, description: 'e.g. `production`' }) },
    resolve: (_root, args, ctx) => {
      const partnerId = oneOrganization(ctx, 'secret.read');
      const parsed = environmentSlugField.safeParse(args.environment);
      if (!parsed.success) throw clientError('BAD_USER_INPUT', `environment: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
      const environment = parsed.data;
      return pagedConnection(args, async (page, pageSize) => {
        const result = await guarded(() => querySecrets(partnerId, environment, { page, pageSize, sort: 'name', direction: 'asc', q: '' })).catch(
          (error: unknown) => {
            throw error instanceof Error && 'extensions' in error ? notFound(`There is no environment "${environment}" in your organization.`) : error;
          },
        );
        return { rows: result.rows.map((row) => ({ ...row, partnerId, environmentId: result.environmentId, environment })) };
      });
    },
  }),
}));
