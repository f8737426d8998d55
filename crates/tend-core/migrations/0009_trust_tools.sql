-- The trust-repair tools (issue 17): the promise ledger with each promise's history, the
-- disclosure log and the revisit log. Each record has a stable id like those of migration 0008,
-- is deleted softly and purged like a check-in (store/purge.rs), and is encrypted with the rest
-- of the file. A promise's link to the check-in it came from is let go when that check-in is
-- purged; the promise stays.

CREATE TABLE promise (
  id             INTEGER PRIMARY KEY,
  uuid           TEXT,
  created_at     TEXT    NOT NULL,
  utc_offset_min INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1080 AND 1080),
  local_date     TEXT    NOT NULL,
  updated_at     TEXT,
  deleted_at     TEXT,
  asked          TEXT    NOT NULL DEFAULT '',
  committed      TEXT    NOT NULL,
  by_when        TEXT,
  check_in_id    INTEGER REFERENCES check_in (id) ON DELETE SET NULL,
  state          TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'kept', 'renegotiated', 'let_go'))
) STRICT;

-- Every change of a promise's state, oldest first by id; added to, never rewritten. `terms` is
-- the commitment's words from this event on, where they changed (made, or renegotiated).
CREATE TABLE promise_event (
  id             INTEGER PRIMARY KEY,
  promise_id     INTEGER NOT NULL REFERENCES promise (id) ON DELETE CASCADE,
  at             TEXT    NOT NULL,
  utc_offset_min INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1080 AND 1080),
  state          TEXT    NOT NULL CHECK (state IN ('open', 'kept', 'renegotiated', 'let_go')),
  note           TEXT    NOT NULL DEFAULT '',
  terms          TEXT
) STRICT;

CREATE TABLE disclosure (
  id             INTEGER PRIMARY KEY,
  uuid           TEXT,
  created_at     TEXT    NOT NULL,
  utc_offset_min INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1080 AND 1080),
  local_date     TEXT    NOT NULL,
  updated_at     TEXT,
  deleted_at     TEXT,
  told_on        TEXT    NOT NULL,
  what           TEXT    NOT NULL,
  how_taken      TEXT    NOT NULL DEFAULT '',
  still_unsaid   TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE revisit (
  id             INTEGER PRIMARY KEY,
  uuid           TEXT,
  created_at     TEXT    NOT NULL,
  utc_offset_min INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1080 AND 1080),
  local_date     TEXT    NOT NULL,
  updated_at     TEXT,
  deleted_at     TEXT,
  happened_on    TEXT    NOT NULL,
  needed         TEXT    NOT NULL DEFAULT '',
  responded      TEXT    NOT NULL DEFAULT '',
  next_time      TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX promise_by_check_in ON promise (check_in_id) WHERE check_in_id IS NOT NULL;
CREATE INDEX promise_event_by_promise ON promise_event (promise_id, id);
CREATE INDEX promise_deleted ON promise (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX disclosure_deleted ON disclosure (deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX revisit_deleted ON revisit (deleted_at) WHERE deleted_at IS NOT NULL;

CREATE TRIGGER promise_named AFTER INSERT ON promise WHEN new.uuid IS NULL BEGIN
  UPDATE promise SET uuid = lower(printf('%s-%s-4%s-%s%s-%s',
      hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2),
      substr('89ab', 1 + (abs(random()) % 4), 1), substr(hex(randomblob(2)), 2), hex(randomblob(6))))
  WHERE id = new.id;
END;

CREATE TRIGGER disclosure_named AFTER INSERT ON disclosure WHEN new.uuid IS NULL BEGIN
  UPDATE disclosure SET uuid = lower(printf('%s-%s-4%s-%s%s-%s',
      hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2),
      substr('89ab', 1 + (abs(random()) % 4), 1), substr(hex(randomblob(2)), 2), hex(randomblob(6))))
  WHERE id = new.id;
END;

CREATE TRIGGER revisit_named AFTER INSERT ON revisit WHEN new.uuid IS NULL BEGIN
  UPDATE revisit SET uuid = lower(printf('%s-%s-4%s-%s%s-%s',
      hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2),
      substr('89ab', 1 + (abs(random()) % 4), 1), substr(hex(randomblob(2)), 2), hex(randomblob(6))))
  WHERE id = new.id;
END;

CREATE UNIQUE INDEX promise_by_uuid ON promise (uuid);
CREATE UNIQUE INDEX disclosure_by_uuid ON disclosure (uuid);
CREATE UNIQUE INDEX revisit_by_uuid ON revisit (uuid);

-- Search finds their words too, in both indexes. Their rowids lie in bands of their own, far
-- above the journal's and the check-ins' (2n and 2n+1, migration 0003): a promise n is
-- 2^60 + n, a disclosure 2 * 2^60 + n, a revisit 3 * 2^60 + n (store/search.rs). A promise's
-- words are what I committed to, what was asked, and the notes of its history. The grams are
-- written by the store, as for the others (migration 0005); every delete takes both out.
CREATE TRIGGER promise_indexed AFTER INSERT ON promise BEGIN
  INSERT INTO search_index (rowid, title, body, tags)
    VALUES ((1 << 60) + new.id, '', concat_ws(char(10), nullif(new.committed, ''), nullif(new.asked, ''),
      (SELECT group_concat(nullif(note, ''), char(10)) FROM promise_event WHERE promise_id = new.id)), '');
END;
CREATE TRIGGER promise_reindexed AFTER UPDATE OF asked, committed ON promise BEGIN
  DELETE FROM search_index WHERE rowid = (1 << 60) + old.id;
  INSERT INTO search_index (rowid, title, body, tags)
    VALUES ((1 << 60) + new.id, '', concat_ws(char(10), nullif(new.committed, ''), nullif(new.asked, ''),
      (SELECT group_concat(nullif(note, ''), char(10)) FROM promise_event WHERE promise_id = new.id)), '');
END;
CREATE TRIGGER promise_unindexed AFTER DELETE ON promise BEGIN
  DELETE FROM search_index WHERE rowid = (1 << 60) + old.id;
  DELETE FROM search_gram WHERE rowid = (1 << 60) + old.id;
END;
CREATE TRIGGER promise_event_indexed AFTER INSERT ON promise_event BEGIN
  DELETE FROM search_index WHERE rowid = (1 << 60) + new.promise_id;
  INSERT INTO search_index (rowid, title, body, tags)
    SELECT (1 << 60) + p.id, '', concat_ws(char(10), nullif(p.committed, ''), nullif(p.asked, ''),
      (SELECT group_concat(nullif(note, ''), char(10)) FROM promise_event WHERE promise_id = p.id)), ''
    FROM promise p WHERE p.id = new.promise_id;
END;
-- Events go only with their promise; its words go with it.
CREATE TRIGGER promise_event_unindexed AFTER DELETE ON promise_event BEGIN
  DELETE FROM search_index WHERE rowid = (1 << 60) + old.promise_id;
END;

CREATE TRIGGER disclosure_indexed AFTER INSERT ON disclosure BEGIN
  INSERT INTO search_index (rowid, title, body, tags)
    VALUES ((2 << 60) + new.id, '',
      concat_ws(char(10), nullif(new.what, ''), nullif(new.how_taken, ''), nullif(new.still_unsaid, '')), '');
END;
CREATE TRIGGER disclosure_reindexed AFTER UPDATE OF what, how_taken, still_unsaid ON disclosure BEGIN
  DELETE FROM search_index WHERE rowid = (2 << 60) + old.id;
  INSERT INTO search_index (rowid, title, body, tags)
    VALUES ((2 << 60) + new.id, '',
      concat_ws(char(10), nullif(new.what, ''), nullif(new.how_taken, ''), nullif(new.still_unsaid, '')), '');
END;
CREATE TRIGGER disclosure_unindexed AFTER DELETE ON disclosure BEGIN
  DELETE FROM search_index WHERE rowid = (2 << 60) + old.id;
  DELETE FROM search_gram WHERE rowid = (2 << 60) + old.id;
END;

CREATE TRIGGER revisit_indexed AFTER INSERT ON revisit BEGIN
  INSERT INTO search_index (rowid, title, body, tags)
    VALUES ((3 << 60) + new.id, '',
      concat_ws(char(10), nullif(new.needed, ''), nullif(new.responded, ''), nullif(new.next_time, '')), '');
END;
CREATE TRIGGER revisit_reindexed AFTER UPDATE OF needed, responded, next_time ON revisit BEGIN
  DELETE FROM search_index WHERE rowid = (3 << 60) + old.id;
  INSERT INTO search_index (rowid, title, body, tags)
    VALUES ((3 << 60) + new.id, '',
      concat_ws(char(10), nullif(new.needed, ''), nullif(new.responded, ''), nullif(new.next_time, '')), '');
END;
CREATE TRIGGER revisit_unindexed AFTER DELETE ON revisit BEGIN
  DELETE FROM search_index WHERE rowid = (3 << 60) + old.id;
  DELETE FROM search_gram WHERE rowid = (3 << 60) + old.id;
END;
