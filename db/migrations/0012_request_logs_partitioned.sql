-- request_logs becomes range-partitioned by UTC day of occurred_at, so that retention drops whole days
-- (DROP TABLE of a partition) instead of deleting rows. Written by hand: drizzle-kit does not generate
-- partitioned tables (db/schema/usage.ts describes the columns, the indexes and the primary key).
-- Partitions are named request_logs_pYYYYMMDD and cover [day 00:00 UTC, next day 00:00 UTC);
-- request_logs_default takes a row whose day has no partition yet (lib/usage/retention.ts moves such rows
-- into their day's partition and creates the coming days' partitions ahead, at start-up and hourly).
-- A unique key of a partitioned table must contain the partition key: the primary key is (id, occurred_at).
ALTER TABLE "request_logs" RENAME TO "request_logs_unpartitioned";--> statement-breakpoint
DROP INDEX "request_logs_partner_time_idx";--> statement-breakpoint
DROP INDEX "request_logs_key_time_idx";--> statement-breakpoint
DROP INDEX "request_logs_time_idx";--> statement-breakpoint
CREATE TABLE "request_logs" (
	"id" text NOT NULL,
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
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "request_logs_id_occurred_at_pk" PRIMARY KEY("id","occurred_at")
) PARTITION BY RANGE ("occurred_at");--> statement-breakpoint
CREATE TABLE "request_logs_default" PARTITION OF "request_logs" DEFAULT;--> statement-breakpoint
-- One partition per day that has rows, and today's and the next 7 days'.
DO $$
DECLARE
	d date;
BEGIN
	FOR d IN
		SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date FROM "request_logs_unpartitioned"
		UNION
		SELECT (now() AT TIME ZONE 'UTC')::date + n FROM generate_series(0, 7) AS n
	LOOP
		EXECUTE format(
			'CREATE TABLE IF NOT EXISTS %I PARTITION OF "request_logs" FOR VALUES FROM (%L) TO (%L)',
			'request_logs_p' || to_char(d, 'YYYYMMDD'),
			to_char(d, 'YYYY-MM-DD') || ' 00:00:00+00',
			to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+00'
		);
	END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "request_logs" ("id", "partner_id", "api_key_id", "method", "path", "endpoint", "status_code", "latency_ms", "ip", "user_agent", "error_code", "occurred_at")
SELECT "id", "partner_id", "api_key_id", "method", "path", "endpoint", "status_code", "latency_ms", "ip", "user_agent", "error_code", "occurred_at" FROM "request_logs_unpartitioned";--> statement-breakpoint
DROP TABLE "request_logs_unpartitioned";--> statement-breakpoint
CREATE INDEX "request_logs_partner_time_idx" ON "request_logs" USING btree ("partner_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "request_logs_key_time_idx" ON "request_logs" USING btree ("api_key_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "request_logs_time_idx" ON "request_logs" USING btree ("occurred_at");
