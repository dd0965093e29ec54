CREATE TABLE "access_logs" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"environment_id" text NOT NULL,
	"secret_id" text NOT NULL,
	"secret_name" text NOT NULL,
	"version" integer,
	"actor_type" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_label" text,
	"action" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "environments" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"slug" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "secret_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_id" text NOT NULL,
	"version" integer NOT NULL,
	"ciphertext" text NOT NULL,
	"nonce" text NOT NULL,
	"wrapped_data_key" text NOT NULL,
	"master_key_id" text NOT NULL,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "secrets" (
	"id" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"environment_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'env_var' NOT NULL,
	"current_version" integer NOT NULL,
	"deleted_at" timestamp with time zone,
	"updated_by_id" text,
	"last_read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "secrets_kind_check" CHECK ("secrets"."kind" in ('env_var', 'api_key')),
	CONSTRAINT "secrets_name_check" CHECK ("secrets"."name" ~ '^[A-Z_][A-Z0-9_]*$')
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "secret_environments" text[];--> statement-breakpoint
ALTER TABLE "environments" ADD CONSTRAINT "environments_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secret_versions" ADD CONSTRAINT "secret_versions_secret_id_secrets_id_fk" FOREIGN KEY ("secret_id") REFERENCES "public"."secrets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secret_versions" ADD CONSTRAINT "secret_versions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_environment_id_environments_id_fk" FOREIGN KEY ("environment_id") REFERENCES "public"."environments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_logs_secret_time_idx" ON "access_logs" USING btree ("secret_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "access_logs_environment_time_idx" ON "access_logs" USING btree ("environment_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "access_logs_partner_time_idx" ON "access_logs" USING btree ("partner_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "environments_partner_slug_idx" ON "environments" USING btree ("partner_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "secret_versions_secret_version_idx" ON "secret_versions" USING btree ("secret_id","version");--> statement-breakpoint
CREATE INDEX "secret_versions_master_key_idx" ON "secret_versions" USING btree ("master_key_id");--> statement-breakpoint
CREATE UNIQUE INDEX "secrets_environment_name_idx" ON "secrets" USING btree ("environment_id","name");--> statement-breakpoint
CREATE INDEX "secrets_partner_idx" ON "secrets" USING btree ("partner_id");--> statement-breakpoint
-- Every existing organization gets the default environments, as new ones do when they are created.
INSERT INTO "environments" ("id", "partner_id", "slug")
SELECT 'env_' || substr(md5(random()::text || p.id || d.slug), 1, 22), p.id, d.slug
FROM "partners" p CROSS JOIN (VALUES ('development'), ('staging'), ('production')) AS d(slug)
ON CONFLICT DO NOTHING;
