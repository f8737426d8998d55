-- The Promises & talks screen keeps what is being written as a draft too (issue 17): the draft
-- table takes a second kind. SQLite can't change a CHECK, so the table is made again, its rows
-- carried over.
CREATE TABLE draft_kinds (
  kind       TEXT PRIMARY KEY CHECK (kind IN ('check_in', 'trust')),
  body       TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO draft_kinds (kind, body, updated_at) SELECT kind, body, updated_at FROM draft;
DROP TABLE draft;
ALTER TABLE draft_kinds RENAME TO draft;
