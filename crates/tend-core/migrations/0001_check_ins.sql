-- The first check-in: when it was written and a short note.
-- created_at is the UTC instant (RFC 3339, milliseconds, "Z"); utc_offset_min is the writer's
-- local offset at that instant, so the day as lived can always be recovered.
CREATE TABLE check_in (
  id             INTEGER PRIMARY KEY,
  created_at     TEXT    NOT NULL,
  utc_offset_min INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1080 AND 1080),
  note           TEXT    NOT NULL
) STRICT;

CREATE INDEX check_in_by_time ON check_in (created_at DESC, id DESC);
