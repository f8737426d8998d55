-- Words being written and not yet saved as a check-in (and, later, anything else written in
-- a form): kept here as they are typed, so closing the window or a crash loses none of them.
-- One row per kind of draft; the body is the form's own JSON, opaque to the store.
CREATE TABLE draft (
  kind       TEXT PRIMARY KEY CHECK (kind IN ('check_in')),
  body       TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
