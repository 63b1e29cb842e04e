CREATE TABLE "article_representations" (
	"article_id" bigint NOT NULL,
	"variant" text NOT NULL,
	"status" text NOT NULL,
	"published_at" bigint,
	"category_id" bigint,
	"etag" text NOT NULL,
	"keys" text NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "article_representations_article_id_pk" PRIMARY KEY("article_id")
);
--> statement-breakpoint
ALTER TABLE "article_representations" ADD CONSTRAINT "article_representations_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;