CREATE TABLE "markers" (
	"name" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "categories" jsonb;--> statement-breakpoint
ALTER TABLE "changes" ADD COLUMN "category_before" bigint;--> statement-breakpoint
ALTER TABLE "changes" ADD COLUMN "category_after" bigint;