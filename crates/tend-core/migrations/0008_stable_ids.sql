-- A stable id for every record a person can carry to another Tend (issue 16): check-ins,
-- journal entries and their own prompts. The integer id stays the row's local name; the uuid
-- is the record's name everywhere else, in an export and in an import, so importing the same
-- file twice adds nothing the second time (docs/FORMAT.md).
--
-- SQLite cannot add a column with a computed default, so a new row without one is given a
-- random (version 4) uuid by a trigger, in the insert's own statement; an import gives its own.
-- Rows already here get one from the migration's hook (store.rs), in the same transaction.
ALTER TABLE check_in ADD COLUMN uuid TEXT;
ALTER TABLE journal_entry ADD COLUMN uuid TEXT;
ALTER TABLE journal_prompt ADD COLUMN uuid TEXT;


CREATE TRIGGER check_in_named AFTER INSERT ON check_in WHEN new.uuid IS NULL BEGIN
  UPDATE check_in SET uuid = lower(printf('%s-%s-4%s-%s%s-%s',
      hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2),
      substr('89ab', 1 + (abs(random()) % 4), 1), substr(hex(randomblob(2)), 2), hex(randomblob(6))))
  WHERE id = new.id;
END;

CREATE TRIGGER journal_entry_named AFTER INSERT ON journal_entry WHEN new.uuid IS NULL BEGIN
  UPDATE journal_entry SET uuid = lower(printf('%s-%s-4%s-%s%s-%s',
      hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2),
      substr('89ab', 1 + (abs(random()) % 4), 1), substr(hex(randomblob(2)), 2), hex(randomblob(6))))
  WHERE id = new.id;
END;

CREATE TRIGGER journal_prompt_named AFTER INSERT ON journal_prompt WHEN new.uuid IS NULL BEGIN
  UPDATE journal_prompt SET uuid = lower(printf('%s-%s-4%s-%s%s-%s',
      hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2),
      substr('89ab', 1 + (abs(random()) % 4), 1), substr(hex(randomblob(2)), 2), hex(randomblob(6))))
  WHERE id = new.id;
END;

-- One record, one id (NULLs, which only the hook's moment sees, don't collide).
CREATE UNIQUE INDEX check_in_by_uuid ON check_in (uuid);
CREATE UNIQUE INDEX journal_entry_by_uuid ON journal_entry (uuid);
CREATE UNIQUE INDEX journal_prompt_by_uuid ON journal_prompt (uuid);
