-- Organization limits belong to staff: a per-key rate-limit ceiling and one monthly quota for the whole organization.
ALTER TABLE "partners" RENAME COLUMN "default_rate_limit_per_minute" TO "key_rate_limit_per_minute";--> statement-breakpoint
ALTER TABLE "partners" RENAME COLUMN "default_monthly_quota" TO "monthly_quota";--> statement-breakpoint
ALTER TABLE "partners" DROP CONSTRAINT "partners_limits_check";--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_limits_check" CHECK ("partners"."key_rate_limit_per_minute" > 0 and "partners"."monthly_quota" > 0);--> statement-breakpoint
-- No key may stay above its organization's ceilings.
UPDATE "api_keys" AS k SET
  "rate_limit_per_minute" = CASE WHEN k."rate_limit_per_minute" IS NULL THEN NULL ELSE least(k."rate_limit_per_minute", p."key_rate_limit_per_minute") END,
  "monthly_quota" = CASE WHEN k."monthly_quota" IS NULL THEN NULL ELSE least(k."monthly_quota", p."monthly_quota") END
FROM "partners" AS p
WHERE p."id" = k."partner_id"
  AND (k."rate_limit_per_minute" > p."key_rate_limit_per_minute" OR k."monthly_quota" > p."monthly_quota");--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "rotated_at" timestamp with time zone;--> statement-breakpoint
-- A key that a rotation replaced is rotated out from its successor's creation.
UPDATE "api_keys" AS k SET "rotated_at" = s."created_at"
FROM "api_keys" AS s
WHERE s."rotated_from_id" = k."id";--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "ceiling" jsonb;--> statement-breakpoint
-- The ceiling each existing key was made under, from who made it.
UPDATE "api_keys" AS k SET "ceiling" = CASE
  WHEN k."created_by_id" IS NULL AND k."created_by_key_id" IS NULL
    THEN '{"origin":"system","keyEnvironments":["test","live"],"scopes":["catalog:read","docs:read","usage:read","secrets:read","keys:write","keys:verify"],"secretEnvironments":null,"ipAllowlist":null,"expiresAt":null,"rateLimitPerMinute":null,"monthlyQuota":null}'::jsonb
  WHEN 'keys:verify' = ANY(k."scopes") OR EXISTS (SELECT 1 FROM "users" u WHERE u."id" = k."created_by_id" AND u."staff_role" = 'admin')
    THEN '{"origin":"staff","keyEnvironments":["test","live"],"scopes":["catalog:read","docs:read","usage:read","secrets:read","keys:write","keys:verify"],"secretEnvironments":null,"ipAllowlist":null,"expiresAt":null,"rateLimitPerMinute":null,"monthlyQuota":null}'::jsonb
  WHEN EXISTS (SELECT 1 FROM "memberships" m WHERE m."user_id" = k."created_by_id" AND m."partner_id" = k."partner_id" AND m."role" = 'developer')
    THEN '{"origin":"developer","keyEnvironments":["test"],"scopes":["catalog:read","docs:read","usage:read","secrets:read","keys:write"],"secretEnvironments":["development"],"ipAllowlist":null,"expiresAt":null,"rateLimitPerMinute":null,"monthlyQuota":null}'::jsonb
  WHEN k."created_by_key_id" IS NOT NULL
    THEN coalesce((SELECT jsonb_build_object(
        'origin', 'key',
        'keyEnvironments', CASE WHEN m."environment" = 'test' THEN '["test"]'::jsonb ELSE '["test","live"]'::jsonb END,
        'scopes', to_jsonb(m."scopes"),
        'secretEnvironments', to_jsonb(m."secret_environments"),
        'ipAllowlist', CASE WHEN cardinality(m."ip_allowlist") = 0 THEN 'null'::jsonb ELSE to_jsonb(m."ip_allowlist") END,
        'expiresAt', CASE WHEN m."expires_at" IS NULL THEN 'null'::jsonb ELSE to_jsonb((extract(epoch FROM m."expires_at") * 1000)::bigint) END,
        'rateLimitPerMinute', to_jsonb(m."rate_limit_per_minute"),
        'monthlyQuota', to_jsonb(m."monthly_quota"))
      FROM "api_keys" m WHERE m."id" = k."created_by_key_id"),
      '{"origin":"partner_admin","keyEnvironments":["test","live"],"scopes":["catalog:read","docs:read","usage:read","secrets:read","keys:write"],"secretEnvironments":null,"ipAllowlist":null,"expiresAt":null,"rateLimitPerMinute":null,"monthlyQuota":null}'::jsonb)
  ELSE '{"origin":"partner_admin","keyEnvironments":["test","live"],"scopes":["catalog:read","docs:read","usage:read","secrets:read","keys:write"],"secretEnvironments":null,"ipAllowlist":null,"expiresAt":null,"rateLimitPerMinute":null,"monthlyQuota":null}'::jsonb
END;--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "ceiling" SET NOT NULL;
