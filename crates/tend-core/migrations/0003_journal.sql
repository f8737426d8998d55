-- The private journal, its prompts, and one full-text index over journal entries and check-ins.
CREATE TABLE journal_entry (
  id                 INTEGER PRIMARY KEY,
  created_at         TEXT    NOT NULL,
  utc_offset_min     INTEGER NOT NULL CHECK (utc_offset_min BETWEEN -1080 AND 1080),
  local_date         TEXT    NOT NULL,
  updated_at         TEXT    NOT NULL,
  updated_offset_min INTEGER NOT NULL CHECK (updated_offset_min BETWEEN -1080 AND 1080),
  deleted_at         TEXT,
  title              TEXT    NOT NULL DEFAULT '',
  body               TEXT    NOT NULL,
  tags               TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
  check_in_id        INTEGER REFERENCES check_in (id) ON DELETE SET NULL
) STRICT;

CREATE INDEX journal_timeline ON journal_entry (created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX journal_by_day ON journal_entry (local_date) WHERE deleted_at IS NULL;
CREATE INDEX journal_deleted ON journal_entry (deleted_at) WHERE deleted_at IS NOT NULL;

-- Prompts the person wrote, and the prompts (theirs or Tend's) they chose to hide.
CREATE TABLE journal_prompt (
  id       INTEGER PRIMARY KEY,
  practice TEXT NOT NULL,
  text     TEXT NOT NULL
) STRICT;
CREATE TABLE journal_prompt_hidden (
  key TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- One index for search in every script: the trigram tokenizer finds substrings in Chinese and
-- Japanese as well as in space-separated languages. The rowid says what a row is: an even
-- rowid 2n is journal entry n, an odd rowid 2n+1 is check-in n. Triggers keep it in step with
-- every insert, edit and purge; soft-deleted rows are filtered out when searching.
--
-- The index's own copy of the text (its content table) is an ordinary table, zeroed on delete
-- by `secure_delete`. FTS5's own 'secure-delete' option is left off: it made every autosave of
-- a long entry cost ~80 ms at ten years' size (benches/journal.rs). Without it, three-character
-- fragments of replaced or deleted text can stay in index segments until FTS5 merges them;
-- whole words and sentences do not (the purge test searches the files for them).
CREATE VIRTUAL TABLE search_index USING fts5 (title, body, tags, tokenize = 'trigram');
INSERT INTO search_index (search_index, rank) VALUES ('automerge', 0);

CREATE TRIGGER journal_entry_indexed AFTER INSERT ON journal_entry BEGIN
  INSERT INTO search_index (rowid, title, body, tags)
    VALUES (new.id * 2, new.title, new.body, (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;
CREATE TRIGGER journal_entry_reindexed AFTER UPDATE OF title, body, tags ON journal_entry BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 2;
  INSERT INTO search_index (rowid, title, body, tags)
    VALUES (new.id * 2, new.title, new.body, (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;
CREATE TRIGGER journal_entry_unindexed AFTER DELETE ON journal_entry BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 2;
END;

CREATE TRIGGER check_in_indexed AFTER INSERT ON check_in BEGIN
  INSERT INTO search_index (rowid, title, body, tags)
    VALUES (new.id * 2 + 1, '', concat_ws(char(10), new.note, new.partner_asked, new.partner_seemed, new.unsaid), '');
END;
CREATE TRIGGER check_in_reindexed AFTER UPDATE OF note, partner_asked, partner_seemed, unsaid ON check_in BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 2 + 1;
  INSERT INTO search_index (rowid, title, body, tags)
    VALUES (new.id * 2 + 1, '', concat_ws(char(10), new.note, new.partner_asked, new.partner_seemed, new.unsaid), '');
END;
CREATE TRIGGER check_in_unindexed AFTER DELETE ON check_in BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 2 + 1;
END;

-- Check-ins written before this version are searchable too.
INSERT INTO search_index (rowid, title, body, tags)
  SELECT id * 2 + 1, '', concat_ws(char(10), note, partner_asked, partner_seemed, unsaid), '' FROM check_in;
