CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"api_key_id" text,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"triggered_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"last_notified_at" timestamp with time zone,
	CONSTRAINT "alerts_kind_check" CHECK ("alerts"."kind" in ('traffic_spike', 'error_rate', 'quota_80', 'quota_100'))
);
--> statement-breakpoint
CREATE TABLE "partner_webhooks" (
	"partner_id" text PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_webhooks" ADD CONSTRAINT "partner_webhooks_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_unique" ON "alerts" USING btree ("partner_id",coalesce("api_key_id", ''),"kind") WHERE "alerts"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "alerts_partner_time_idx" ON "alerts" USING btree ("partner_id","triggered_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alerts_time_idx" ON "alerts" USING btree ("triggered_at" DESC NULLS LAST);