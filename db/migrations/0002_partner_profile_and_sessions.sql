ALTER TABLE "users" ALTER COLUMN "password_changed_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "password_changed_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "partners" ADD COLUMN "description" text;--> statement-breakpoint
UPDATE "users" SET "password_changed_at" = NULL;