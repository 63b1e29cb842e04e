ALTER TABLE "api_keys" ALTER COLUMN "id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "article_slug_history" ALTER COLUMN "article_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "article_tags" ALTER COLUMN "article_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "article_tags" ALTER COLUMN "tag_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "articles" ALTER COLUMN "id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "articles" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "articles" ALTER COLUMN "category_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "authors" ALTER COLUMN "id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "authors" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "bylines" ALTER COLUMN "article_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "bylines" ALTER COLUMN "author_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "captions" ALTER COLUMN "id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "captions" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "captions" ALTER COLUMN "article_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "categories" ALTER COLUMN "id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "categories" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "categories" ALTER COLUMN "parent_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "changes" ALTER COLUMN "seq" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "changes" ALTER COLUMN "seq" SET MAXVALUE 9223372036854775807;--> statement-breakpoint
ALTER TABLE "changes" ALTER COLUMN "resource_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "changes" ALTER COLUMN "api_key_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "related_links" ALTER COLUMN "article_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "related_links" ALTER COLUMN "related_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "tags" ALTER COLUMN "id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "tags" ALTER COLUMN "id" SET MAXVALUE 9223372036854775807;