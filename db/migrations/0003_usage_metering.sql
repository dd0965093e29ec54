CREATE TABLE "request_logs" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"api_key_id" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"endpoint" text NOT NULL,
	"status_code" integer NOT NULL,
	"latency_ms" real NOT NULL,
	"ip" text,
	"user_agent" text,
	"error_code" text,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_flushes" (
	"id" text PRIMARY KEY NOT NULL,
	"rows" integer NOT NULL,
	"flushed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_logs" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"api_key_id" text NOT NULL,
	"endpoint" text NOT NULL,
	"method" text NOT NULL,
	"status_code" integer NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
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
CREATE INDEX "request_logs_partner_time_idx" ON "request_logs" USING btree ("partner_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "request_logs_key_time_idx" ON "request_logs" USING btree ("api_key_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "request_logs_time_idx" ON "request_logs" USING btree ("occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "usage_logs_bucket_unique" ON "usage_logs" USING btree ("api_key_id","endpoint","method","status_code","occurred_at");--> statement-breakpoint
CREATE INDEX "usage_logs_partner_time_idx" ON "usage_logs" USING btree ("partner_id","occurred_at");--> statement-breakpoint
CREATE INDEX "usage_logs_key_time_idx" ON "usage_logs" USING btree ("api_key_id","occurred_at");--> statement-breakpoint
CREATE INDEX "usage_logs_time_idx" ON "usage_logs" USING btree ("occurred_at");