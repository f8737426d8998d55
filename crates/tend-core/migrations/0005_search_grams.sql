-- A second index for search, for the terms the trigram index of 0003 cannot find: those of one
-- or two characters (Chinese, Japanese and Korean words are often two). For each journal entry
-- and check-in it holds every character and every pair of neighbouring characters of the text
-- a short term is looked for in, white space aside, ASCII letters in lower case, each written
-- as 'j' (an entry's) or 'c' (a check-in's) and the hex of its UTF-8, so the 'ascii' tokenizer
-- keeps it as one token and each kind of row is listed apart (store/search.rs). Rowids say what
-- a row is as in search_index: 2n is journal entry n, 2n+1 is check-in n.
--
-- SQL cannot split text into characters inside a trigger, so the grams are written by the
-- store in the transaction that saves the words, and the rows written before this version by
-- this migration's hook (in Rust, after this file). Taking them out needs no text, so the
-- triggers below do that on every delete, the purge included.
--
-- Contentless, so no copy of the words is kept beside the index; contentless_delete lets a row
-- be deleted by its rowid alone. Only which rows hold a gram is kept (detail=none), the least
-- there is to keep. As with search_index, FTS5's 'secure-delete' is off: the grams of deleted
-- or replaced text can stay in index segments until FTS5 merges them.
CREATE VIRTUAL TABLE search_gram USING fts5 (
  grams, tokenize = 'ascii', detail = none, content = '', contentless_delete = 1
);

CREATE TRIGGER journal_entry_grams_removed AFTER DELETE ON journal_entry BEGIN
  DELETE FROM search_gram WHERE rowid = old.id * 2;
END;
CREATE TRIGGER check_in_grams_removed AFTER DELETE ON check_in BEGIN
  DELETE FROM search_gram WHERE rowid = old.id * 2 + 1;
END;
