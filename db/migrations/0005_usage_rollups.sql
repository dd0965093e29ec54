CREATE TABLE "usage_daily_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"endpoint" text NOT NULL,
	"method" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"status_class" text NOT NULL,
	"request_count" bigint NOT NULL,
	"billable_count" bigint DEFAULT 0 NOT NULL,
	"latency_sum_ms" real DEFAULT 0 NOT NULL,
	"latency_max_ms" real DEFAULT 0 NOT NULL,
	"l0" bigint DEFAULT 0 NOT NULL,
	"l1" bigint DEFAULT 0 NOT NULL,
	"l2" bigint DEFAULT 0 NOT NULL,
	"l3" bigint DEFAULT 0 NOT NULL,
	"l4" bigint DEFAULT 0 NOT NULL,
	"l5" bigint DEFAULT 0 NOT NULL,
	"l6" bigint DEFAULT 0 NOT NULL,
	"l7" bigint DEFAULT 0 NOT NULL,
	"l8" bigint DEFAULT 0 NOT NULL,
	"l9" bigint DEFAULT 0 NOT NULL,
	"l10" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_daily_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"api_key_id" text NOT NULL,
	"partner_id" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"status_class" text NOT NULL,
	"request_count" bigint NOT NULL,
	"billable_count" bigint DEFAULT 0 NOT NULL,
	"latency_sum_ms" real DEFAULT 0 NOT NULL,
	"latency_max_ms" real DEFAULT 0 NOT NULL,
	"l0" bigint DEFAULT 0 NOT NULL,
	"l1" bigint DEFAULT 0 NOT NULL,
	"l2" bigint DEFAULT 0 NOT NULL,
	"l3" bigint DEFAULT 0 NOT NULL,
	"l4" bigint DEFAULT 0 NOT NULL,
	"l5" bigint DEFAULT 0 NOT NULL,
	"l6" bigint DEFAULT 0 NOT NULL,
	"l7" bigint DEFAULT 0 NOT NULL,
	"l8" bigint DEFAULT 0 NOT NULL,
	"l9" bigint DEFAULT 0 NOT NULL,
	"l10" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_hourly" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"status_class" text NOT NULL,
	"request_count" bigint NOT NULL,
	"billable_count" bigint DEFAULT 0 NOT NULL,
	"latency_sum_ms" real DEFAULT 0 NOT NULL,
	"latency_max_ms" real DEFAULT 0 NOT NULL,
	"l0" bigint DEFAULT 0 NOT NULL,
	"l1" bigint DEFAULT 0 NOT NULL,
	"l2" bigint DEFAULT 0 NOT NULL,
	"l3" bigint DEFAULT 0 NOT NULL,
	"l4" bigint DEFAULT 0 NOT NULL,
	"l5" bigint DEFAULT 0 NOT NULL,
	"l6" bigint DEFAULT 0 NOT NULL,
	"l7" bigint DEFAULT 0 NOT NULL,
	"l8" bigint DEFAULT 0 NOT NULL,
	"l9" bigint DEFAULT 0 NOT NULL,
	"l10" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "usage_daily_endpoints_unique" ON "usage_daily_endpoints" USING btree ("partner_id","endpoint","method","day","status_class");--> statement-breakpoint
CREATE INDEX "usage_daily_endpoints_day_idx" ON "usage_daily_endpoints" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_daily_keys_unique" ON "usage_daily_keys" USING btree ("api_key_id","day","status_class");--> statement-breakpoint
CREATE INDEX "usage_daily_keys_partner_day_idx" ON "usage_daily_keys" USING btree ("partner_id","day");--> statement-breakpoint
CREATE INDEX "usage_daily_keys_day_idx" ON "usage_daily_keys" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_hourly_unique" ON "usage_hourly" USING btree ("partner_id","hour","status_class");--> statement-breakpoint
CREATE INDEX "usage_hourly_hour_idx" ON "usage_hourly" USING btree ("hour");--> statement-breakpoint
-- Backfill from what is already metered (ids need only be unique; the flush never reads them).
INSERT INTO "usage_hourly" ("id","partner_id","hour","status_class","request_count","billable_count","latency_sum_ms","latency_max_ms","l0","l1","l2","l3","l4","l5","l6","l7","l8","l9","l10")
SELECT 'uh_' || md5("partner_id" || date_trunc('hour', "occurred_at", 'UTC')::text || (("status_code" / 100)::text || 'xx')), "partner_id", date_trunc('hour', "occurred_at", 'UTC'), ("status_code" / 100)::text || 'xx',
  sum("request_count"), sum("billable_count"), sum("latency_sum_ms"), max("latency_max_ms"), sum("l0"), sum("l1"), sum("l2"), sum("l3"), sum("l4"), sum("l5"), sum("l6"), sum("l7"), sum("l8"), sum("l9"), sum("l10")
FROM "usage_logs" GROUP BY 2, 3, 4;
--> statement-breakpoint
INSERT INTO "usage_daily_keys" ("id","api_key_id","partner_id","day","status_class","request_count","billable_count","latency_sum_ms","latency_max_ms","l0","l1","l2","l3","l4","l5","l6","l7","l8","l9","l10")
SELECT 'udk_' || md5("api_key_id" || date_trunc('day', "occurred_at", 'UTC')::text || (("status_code" / 100)::text || 'xx')), "api_key_id", min("partner_id"), date_trunc('day', "occurred_at", 'UTC'), ("status_code" / 100)::text || 'xx',
  sum("request_count"), sum("billable_count"), sum("latency_sum_ms"), max("latency_max_ms"), sum("l0"), sum("l1"), sum("l2"), sum("l3"), sum("l4"), sum("l5"), sum("l6"), sum("l7"), sum("l8"), sum("l9"), sum("l10")
FROM "usage_logs" GROUP BY "api_key_id", 4, 5;
--> statement-breakpoint
INSERT INTO "usage_daily_endpoints" ("id","partner_id","endpoint","method","day","status_class","request_count","billable_count","latency_sum_ms","latency_max_ms","l0","l1","l2","l3","l4","l5","l6","l7","l8","l9","l10")
SELECT 'ude_' || md5("partner_id" || "endpoint" || "method" || date_trunc('day', "occurred_at", 'UTC')::text || (("status_code" / 100)::text || 'xx')), "partner_id", "endpoint", "method", date_trunc('day', "occurred_at", 'UTC'), ("status_code" / 100)::text || 'xx',
  sum("request_count"), sum("billable_count"), sum("latency_sum_ms"), max("latency_max_ms"), sum("l0"), sum("l1"), sum("l2"), sum("l3"), sum("l4"), sum("l5"), sum("l6"), sum("l7"), sum("l8"), sum("l9"), sum("l10")
FROM "usage_logs" GROUP BY 2, 3, 4, 5, 6;
