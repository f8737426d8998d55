-- FTS5's own secure-delete, for both search indexes (issue 14): a deleted or replaced row's
-- tokens are taken out of the index's pages at once, instead of left behind a delete marker
-- until a merge. Without it, three-character fragments of deleted words stayed in the files.
-- The option is kept in each index's config table, so it holds for every later connection.
INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);
INSERT INTO search_gram (search_gram, rank) VALUES ('secure-delete', 1);

-- What earlier deletes left in the indexes goes too: search_index is rebuilt from its own copy
-- of the text; search_gram (contentless) is emptied here and filled again by this migration's
-- hook, from the rows themselves. Freed pages are zeroed (the connection's secure_delete), and
-- the store checkpoints the WAL after migrating.
INSERT INTO search_index (search_index) VALUES ('rebuild');
INSERT INTO search_gram (search_gram) VALUES ('delete-all');
