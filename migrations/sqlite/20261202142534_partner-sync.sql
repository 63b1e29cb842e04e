CREATE TABLE `markers` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `api_keys` ADD `categories` text;--> statement-breakpoint
ALTER TABLE `changes` ADD `category_before` integer;--> statement-breakpoint
ALTER TABLE `changes` ADD `category_after` integer;