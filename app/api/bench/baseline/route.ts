import { meBody, type MeKey } from '@/lib/api/routes/me';

/**
 * The baseline of `npm run bench:guard`: the JSON of `GET /api/v1/me`, built the same way (`meBody`),
 * from a constant key instead of the guard's. What `/api/v1/me` costs beyond this is the guard.
 * Answers 404 unless the server runs with ENABLE_BENCH_ROUTES=true (only the benchmark sets it).
 */
export const dynamic = 'force-dynamic';

// Shaped like a real key of the seeded `acme` org, so that both bodies are about the same size.
const benchKey: MeKey = {
  id: 'key_BenchBaseline0000000000',
  keyName: 'bench guard',
  tokenPrefix: 'pp_test_Bench0',
  environment: 'test',
  scopes: [],
  expiresAt: null,
  rateLimitPerMinute: 100_000_000,
  monthlyQuota: 2_000_000_000,
  organizationMonthlyQuota: 2_000_000_000,
  partner: { id: 'org_BenchBaseline0000000000', name: 'Acme', slug: 'acme', status: 'active', supportTier: 'priority' },
};

export function GET(): Response {
  if (process.env.ENABLE_BENCH_ROUTES !== 'true') return new Response('Not found', { status: 404 });
  return Response.json(meBody(benchKey));
}
