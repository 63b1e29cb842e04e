-- The search index in two tables (src/store/sqlite/search.ts), both contentless (the articles table holds the text):
-- `article_search` finds matches, over all fields' folded words, their stems and the pairs of adjacent stems
-- (`bantu_sosial`: '_' is a token character here, so a phrase is looked up as one token). It keeps no positions
-- (detail=column): matching needs none, and without them a write costs less;
-- `article_search_heads` ranks them with bm25 over titles and summaries, words and stems.
DROP TABLE `article_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `article_search` USING fts5(
	`words`, `stems`, `pairs`,
	tokenize = "unicode61 remove_diacritics 2 tokenchars '_'", content = '', contentless_delete = 1, detail = column
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `article_search_heads` USING fts5(
	`title`, `summary`, `title_stems`, `summary_stems`,
	tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1
);
--> statement-breakpoint
-- The articles written before this migration are indexed again in the background, in batches after this id
-- (src/jobs/leased-jobs.ts); the marker goes when the last batch is done. A new database has none to index.
INSERT INTO `markers` (`name`, `value`) SELECT 'search_rebuild', 0 WHERE EXISTS (SELECT 1 FROM `articles`);
