CREATE TABLE "apis" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"version" text NOT NULL,
	"base_path" text DEFAULT '' NOT NULL,
	"owner_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"api_id" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"required_scope" text,
	"status" text DEFAULT 'active' NOT NULL,
	"deprecated_at" timestamp with time zone,
	"sunset_at" timestamp with time zone,
	"source" text DEFAULT 'manual' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "endpoints_method_check" CHECK ("endpoints"."method" in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
	CONSTRAINT "endpoints_status_check" CHECK ("endpoints"."status" in ('active', 'deprecated', 'retired')),
	CONSTRAINT "endpoints_source_check" CHECK ("endpoints"."source" in ('openapi', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "developer_docs" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"slug" text NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"api_version" text NOT NULL,
	"is_published" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"owner_id" text,
	"updated_by_id" text,
	"partner_id" text,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(content, '')), 'B')) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "developer_docs_published_check" CHECK (not "developer_docs"."is_published" or "developer_docs"."published_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "doc_reads" (
	"doc_id" text NOT NULL,
	"user_id" text NOT NULL,
	"partner_id" text,
	"first_read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "doc_reads_doc_id_user_id_pk" PRIMARY KEY("doc_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "doc_revisions" (
	"id" text PRIMARY KEY NOT NULL,
	"doc_id" text NOT NULL,
	"revision" integer NOT NULL,
	"event" text NOT NULL,
	"title" text NOT NULL,
	"slug" text NOT NULL,
	"api_version" text NOT NULL,
	"content" text NOT NULL,
	"edited_by_id" text,
	"edited_by_label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "apis" ADD CONSTRAINT "apis_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_api_id_apis_id_fk" FOREIGN KEY ("api_id") REFERENCES "public"."apis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "developer_docs" ADD CONSTRAINT "developer_docs_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "developer_docs" ADD CONSTRAINT "developer_docs_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "developer_docs" ADD CONSTRAINT "developer_docs_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doc_reads" ADD CONSTRAINT "doc_reads_doc_id_developer_docs_id_fk" FOREIGN KEY ("doc_id") REFERENCES "public"."developer_docs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doc_reads" ADD CONSTRAINT "doc_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doc_reads" ADD CONSTRAINT "doc_reads_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doc_revisions" ADD CONSTRAINT "doc_revisions_doc_id_developer_docs_id_fk" FOREIGN KEY ("doc_id") REFERENCES "public"."developer_docs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doc_revisions" ADD CONSTRAINT "doc_revisions_edited_by_id_users_id_fk" FOREIGN KEY ("edited_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "apis_slug_version_idx" ON "apis" USING btree ("slug","version");--> statement-breakpoint
CREATE UNIQUE INDEX "endpoints_api_method_path_idx" ON "endpoints" USING btree ("api_id","method","path");--> statement-breakpoint
CREATE INDEX "endpoints_status_idx" ON "endpoints" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "developer_docs_slug_version_idx" ON "developer_docs" USING btree ("slug","api_version");--> statement-breakpoint
CREATE INDEX "developer_docs_partner_idx" ON "developer_docs" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "developer_docs_search_idx" ON "developer_docs" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "doc_reads_partner_idx" ON "doc_reads" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "doc_revisions_doc_revision_idx" ON "doc_revisions" USING btree ("doc_id","revision");