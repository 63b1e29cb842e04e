-- Tag names are compared by a key the application computes (NFKC, trimmed, lower case beyond ASCII).
-- The table is rebuilt to add the NOT NULL column; existing rows get SQLite's ASCII lower(trim(name)).
-- article_tags references tags with ON DELETE CASCADE: migrateDatabase() turns foreign keys off around
-- the migrator, so dropping the old table does not empty it (drizzle-orm#5782).
DROP INDEX `tags_name_nocase_idx`;--> statement-breakpoint
CREATE TABLE `__new_tags` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);--> statement-breakpoint
INSERT INTO `__new_tags`(`id`, `slug`, `name`, `name_key`, `created_at`, `updated_at`, `version`) SELECT `id`, `slug`, `name`, lower(trim(`name`)), `created_at`, `updated_at`, `version` FROM `tags`;--> statement-breakpoint
DROP TABLE `tags`;--> statement-breakpoint
ALTER TABLE `__new_tags` RENAME TO `tags`;--> statement-breakpoint
CREATE UNIQUE INDEX `tags_slug_unique` ON `tags` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `tags_name_key_idx` ON `tags` (`name_key`);
