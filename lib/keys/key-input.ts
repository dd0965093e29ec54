import { z } from 'zod';
import { parseAddressRange } from '@/lib/net/ip-ranges';
import { apiScopes, keyEnvironments } from '@/db/schema';
import { storableDate, storableText } from '@/lib/validation/storable';

/** A form sends one string or several; JSON sends an array. Either way, a list without blanks. */
function toList(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.filter((v) => v !== '');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return value;
}

/** Empty form fields mean "not set". */
const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

/** An IPv4/IPv6 address or CIDR range (the same parser the policy's containment check uses). */
export function isIpOrCidr(entry: string): boolean {
  return parseAddressRange(entry) !== null;
}

export const ipAllowlistField = z.preprocess(
  toList,
  z
    .array(storableText().trim().max(64))
    .max(100, 'Use at most 100 entries')
    .superRefine((entries, ctx) => {
      const bad = entries.filter((e) => !isIpOrCidr(e));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `Not an IP address or CIDR range: ${bad.join(', ')}` });
    })
    .transform((entries) => [...new Set(entries)]),
);

/** Which secret environments a key may pull (slugs); none listed means all that its environment allows. */
export const secretEnvironmentsField = z.preprocess(
  toList,
  z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Environment names are lowercase letters, digits and dashes')
        .max(40),
    )
    .max(20, 'Use at most 20 environments')
    .transform((entries) => [...new Set(entries)]),
);

export const scopesField = z.preprocess(
  toList,
  z.array(z.enum(apiScopes, { error: `Scopes are ${apiScopes.join(', ')}` })).transform((s) => [...new Set(s)]),
);

const limitField = (max: number, label: string) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `${label} must be a number` })
      .int(`${label} must be a whole number`)
      .min(1, `${label} must be at least 1`)
      .max(max, `${label} must be at most ${max.toLocaleString('en-US')}`)
      .optional(),
  );

export const expiresAtField = z.preprocess(
  emptyToUndefined,
  storableDate({ error: 'Enter a valid date' })
    .refine((d) => d.getTime() > Date.now(), 'The expiry must be in the future')
    .optional(),
);

export const createKeyInput = z.object({
  name: storableText({ error: 'Name the key' }).trim().min(1, 'Name the key').max(80, 'Use at most 80 characters'),
  environment: z.enum(keyEnvironments, { error: 'Choose test or live' }),
  scopes: scopesField,
  expiresAt: expiresAtField,
  rateLimitPerMinute: limitField(1_000_000, 'The rate limit'),
  monthlyQuota: limitField(2_000_000_000, 'The monthly quota'),
  ipAllowlist: ipAllowlistField,
  secretEnvironments: secretEnvironmentsField,
});
export type CreateKeyInput = z.output<typeof createKeyInput>;

export const rotationGraceOptions = { now: 0, '1h': 3_600, '24h': 86_400, '7d': 604_800 } as const;
export type RotationGrace = keyof typeof rotationGraceOptions;
export const rotationGraceField = z.enum(Object.keys(rotationGraceOptions) as [RotationGrace, ...RotationGrace[]], {
  error: 'Choose how long the old key keeps working: now, 1h, 24h or 7d',
});
