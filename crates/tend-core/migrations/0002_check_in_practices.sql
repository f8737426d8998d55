-- Check-ins built on the practices: every answer optional, edits and soft deletes, and the day
-- as lived stored with each row so the calendar can find it with an index.
--
-- The table is rebuilt (SQLite cannot add CHECK constraints to existing columns); every row of
-- version 1 is kept, its note moved across unchanged, its day computed at the offset it was
-- written in. A skipped answer is NULL.
CREATE TABLE check_in_v2 (
  id               INTEGER PRIMARY KEY,
  created_at       TEXT    NOT NULL,
  utc_offset_min   INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1080 AND 1080),
  local_date       TEXT    NOT NULL,
  updated_at       TEXT,
  deleted_at       TEXT,
  together_minutes INTEGER CHECK (together_minutes BETWEEN 0 AND 1440),
  presence         TEXT    CHECK (presence IN ('elsewhere', 'partly', 'fully')),
  partner_shared   INTEGER CHECK (partner_shared IN (0, 1)),
  partner_asked    TEXT,
  unsaid           TEXT,
  partner_seemed   TEXT,
  note             TEXT
) STRICT;

INSERT INTO check_in_v2 (id, created_at, utc_offset_min, local_date, note)
  SELECT id, created_at, utc_offset_min,
         date(created_at, printf('%+d minutes', utc_offset_min)),
         nullif(note, '')
  FROM check_in;

DROP TABLE check_in;
ALTER TABLE check_in_v2 RENAME TO check_in;

CREATE INDEX check_in_timeline ON check_in (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX check_in_by_day ON check_in (local_date) WHERE deleted_at IS NULL;
CREATE INDEX check_in_deleted ON check_in (deleted_at) WHERE deleted_at IS NOT NULL;

-- Activities and feelings, in the order they were chosen.
CREATE TABLE check_in_label (
  check_in_id INTEGER NOT NULL REFERENCES check_in (id) ON DELETE CASCADE,
  kind        TEXT    NOT NULL CHECK (kind IN ('activity', 'feeling')),
  position    INTEGER NOT NULL,
  label       TEXT    NOT NULL,
  PRIMARY KEY (check_in_id, kind, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX check_in_label_by_kind ON check_in_label (kind, label COLLATE NOCASE);

-- Choices the person makes about Tend itself (which questions a check-in shows, and so on).
CREATE TABLE preference (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
