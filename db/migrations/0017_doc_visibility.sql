ALTER TABLE "developer_docs" ADD COLUMN "visibility" text DEFAULT 'partners' NOT NULL;--> statement-breakpoint
-- A doc written for one organization keeps that audience; the others stay readable by every partner.
UPDATE "developer_docs" SET "visibility" = 'organization' WHERE "partner_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "developer_docs" ADD CONSTRAINT "developer_docs_visibility_check" CHECK ("developer_docs"."visibility" in ('public', 'partners', 'organization'));--> statement-breakpoint
ALTER TABLE "developer_docs" ADD CONSTRAINT "developer_docs_visibility_partner_check" CHECK (("developer_docs"."visibility" = 'organization') = ("developer_docs"."partner_id" is not null));--> statement-breakpoint
-- Keys the try-it console makes for itself are listed as such.
ALTER TABLE "api_keys" ADD COLUMN "purpose" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_purpose_check" CHECK ("api_keys"."purpose" is null or "api_keys"."purpose" in ('try_it'));
