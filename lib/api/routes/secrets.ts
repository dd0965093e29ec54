import { z } from 'zod';
import { db } from '@/db';
import { secretKinds } from '@/db/schema';
import { withTransaction } from '@/db/with-transaction';
import { serializeDotenv } from '@/lib/secrets/dotenv';
import { findEnvironment } from '@/lib/secrets/environments';
import { can } from '@/lib/auth/policy';
import { readEnvironmentSecrets } from '@/lib/secrets/read-secrets';
import { environmentSlugField } from '@/lib/secrets/secret-input';
import { guardedRoute } from '../api-route-spec';
import { ApiProblem } from '../problem';

const secretsResponse = z.object({
  environment: z.string(),
  secrets: z.array(
    z.object({
      name: z.string(),
      value: z.string(),
      kind: z.enum(secretKinds),
      version: z.number().int(),
      updatedAt: z.string(),
    }),
  ),
});

export const pullSecretsRoute = guardedRoute({
  method: 'GET',
  path: '/secrets',
  tag: 'Secrets',
  summary: 'Pull the secrets of an environment',
  description:
    'Every current secret of one environment of your organization, decrypted: as JSON, or with `format=dotenv` as a `.env` file. Each pull is written to the access log, one row per secret. A `test` key never reads `production`, and a key limited to some environments reads only those.',
  access: { scope: 'secrets:read' },
  query: z.object({
    environment: environmentSlugField.describe('e.g. `production`'),
    format: z.enum(['json', 'dotenv']).default('json').describe('`dotenv` answers `text/plain` in `.env` syntax'),
  }),
  response: { status: 200, description: 'The secrets', schema: secretsResponse },
  problems: ['forbidden', 'not_found'],
  async handler({ key, query, ip, request }) {
    if (!can(key.actor, 'secret.reveal', { partnerId: key.partnerId, secretEnvironment: query.environment })) {
      throw new ApiProblem(
        'forbidden',
        key.environment === 'test' && query.environment === 'production'
          ? 'A test key cannot read production secrets. Use a live key.'
          : `This key may not read the ${query.environment} environment.`,
      );
    }
    const environment = await findEnvironment(db, key.partnerId, query.environment).catch(() => {
      throw new ApiProblem('not_found', `There is no environment "${query.environment}" in your organization.`);
    });
    const values = await withTransaction(db, (tx) =>
      readEnvironmentSecrets(tx, environment, { type: 'api_key', keyId: key.id, label: key.tokenPrefix }, 'pull', {
        ip,
        userAgent: request.headers.get('user-agent'),
      }),
    );
    if (query.format === 'dotenv') {
      return new Response(serializeDotenv(values), { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    return {
      environment: environment.slug,
      secrets: values.map((s) => ({ name: s.name, value: s.value, kind: s.kind, version: s.version, updatedAt: s.updatedAt.toISOString() })),
    } satisfies z.infer<typeof secretsResponse>;
  },
});
