-- Full-text search over analysed text (src/domain/indonesian.ts): the folded words and their stems, each a
-- tsvector of config `simple` weighted A (title), B (summary), C (body), with a GIN index.
-- `npm run search:reindex` fills it for articles written before this migration.
CREATE TABLE "article_search" (
	"article_id" bigint PRIMARY KEY NOT NULL REFERENCES "articles"("id") ON DELETE CASCADE,
	"words" tsvector NOT NULL,
	"stems" tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX "article_search_words_idx" ON "article_search" USING gin ("words");
--> statement-breakpoint
CREATE INDEX "article_search_stems_idx" ON "article_search" USING gin ("stems");
