CREATE TABLE `changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resource` text NOT NULL,
	`resource_id` integer NOT NULL,
	`operation` text NOT NULL,
	`reason` text NOT NULL,
	`version` integer NOT NULL,
	`visible_before` integer NOT NULL,
	`visible_after` integer NOT NULL,
	`api_key_id` integer,
	`occurred_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `changes_occurred_idx` ON `changes` (`occurred_at`);--> statement-breakpoint
CREATE INDEX `changes_resource_idx` ON `changes` (`resource`,`resource_id`,`seq`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `articles_scheduled_idx` ON `articles` (`published_at`) WHERE status = 'scheduled';