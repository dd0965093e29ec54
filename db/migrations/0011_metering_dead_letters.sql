CREATE TABLE "metering_dead_letters" (
	"id" text PRIMARY KEY NOT NULL,
	"record" jsonb NOT NULL,
	"error" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "metering_dead_letters_created_idx" ON "metering_dead_letters" USING btree ("created_at");--> statement-breakpoint
-- Issue 12: keys a caller put in a URL or user agent were stored as sent. Redact what is still kept
-- (the metering now redacts at the edge): only the display prefix the portal shows is left.
UPDATE "request_logs" SET "path" = regexp_replace("path", '(pp_(test|live)_[0-9a-z]{6})[0-9a-z]+', '\1…[redacted]', 'gi'), "user_agent" = regexp_replace("user_agent", '(pp_(test|live)_[0-9a-z]{6})[0-9a-z]+', '\1…[redacted]', 'gi') WHERE "path" ~* 'pp_(test|live)_[0-9a-z]{7}' OR "user_agent" ~* 'pp_(test|live)_[0-9a-z]{7}';
