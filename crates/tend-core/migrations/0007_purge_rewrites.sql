-- FTS5's own 'secure-delete' off again, in both search indexes (issue 15). With it on, a row
-- deleted and written again under the same rowid in one transaction (every edit and autosave:
-- the triggers of 0003 delete the old words and insert the new, and the store does the same for
-- the grams) left the index out of step with its content: the next delete of that row made
-- `PRAGMA integrity_check` report "fts5: checksum mismatch" (SQLite 3.51.3, as SQLCipher bundles
-- it; a plain FTS5 table shows it too), and a database that does not check as whole waits for
-- recovery. Toggling it off around each edit (issue 14's speed-up) did not help: FTS5 applies
-- the setting when it writes its pending changes, at commit.
--
-- Deleted words still leave the files at once: every purge ends by merging each index into one
-- segment ('optimize'), which drops every deleted and replaced entry, and then rewrites the file
-- (store/purge.rs says why SQLite's secure_delete alone doesn't reach every copy).
INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 0);
INSERT INTO search_gram (search_gram, rank) VALUES ('secure-delete', 0);

-- An index the defect already put out of step, but not yet so far that a check saw it, is made
-- again from its own copy of the words; the grams are merged into one segment.
INSERT INTO search_index (search_index) VALUES ('rebuild');
INSERT INTO search_gram (search_gram) VALUES ('optimize');

-- A purge whose rewrite is not finished: marked in the purge's transaction, cleared once the
-- file is rewritten, so that a crash between the two leaves the next open to finish it
-- (store.rs). At most one row.
CREATE TABLE purge_unfinished (
  id INTEGER PRIMARY KEY CHECK (id IS 1)
) STRICT;
