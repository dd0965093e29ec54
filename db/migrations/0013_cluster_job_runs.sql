CREATE TABLE "job_runs" (
	"name" text NOT NULL,
	"period" timestamp with time zone NOT NULL,
	"instance" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_runs_name_period_pk" PRIMARY KEY("name","period")
);
