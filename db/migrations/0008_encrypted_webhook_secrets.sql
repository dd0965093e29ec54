ALTER TABLE "partner_webhooks" ALTER COLUMN "secret" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "partner_webhooks" ADD COLUMN "secret_ciphertext" text;--> statement-breakpoint
ALTER TABLE "partner_webhooks" ADD COLUMN "secret_nonce" text;--> statement-breakpoint
ALTER TABLE "partner_webhooks" ADD COLUMN "secret_wrapped_key" text;--> statement-breakpoint
ALTER TABLE "partner_webhooks" ADD COLUMN "secret_master_key_id" text;