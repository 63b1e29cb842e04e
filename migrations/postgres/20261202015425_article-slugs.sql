-- Every slug an article has had, its current one included: one primary key now guards both.
INSERT INTO "article_slug_history" ("slug", "article_id") SELECT "slug", "id" FROM "articles" ON CONFLICT DO NOTHING;
