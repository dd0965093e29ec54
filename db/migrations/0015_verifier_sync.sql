CREATE TABLE "verifier_changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"entity_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verifier_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"credential_key_id" text NOT NULL,
	"version" text NOT NULL,
	"hostname" text,
	"seq" bigint DEFAULT 0 NOT NULL,
	"lag" bigint DEFAULT 0 NOT NULL,
	"requests_reported" bigint DEFAULT 0 NOT NULL,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "verifier_changes_created_idx" ON "verifier_changes" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "verifier_connections_last_seen_idx" ON "verifier_connections" USING btree ("last_seen_at");