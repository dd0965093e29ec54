CREATE TABLE "quota_counters" (
	"scope" text NOT NULL,
	"owner_id" text NOT NULL,
	"month" text NOT NULL,
	"used" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quota_counters_scope_owner_id_month_pk" PRIMARY KEY("scope","owner_id","month")
);
--> statement-breakpoint
CREATE TABLE "runtime_instances" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL
);
