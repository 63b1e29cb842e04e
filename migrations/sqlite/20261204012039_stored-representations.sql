CREATE TABLE `article_representations` (
	`article_id` integer PRIMARY KEY NOT NULL,
	`variant` text NOT NULL,
	`status` text NOT NULL,
	`published_at` integer,
	`category_id` integer,
	`etag` text NOT NULL,
	`keys` text NOT NULL,
	`body` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
