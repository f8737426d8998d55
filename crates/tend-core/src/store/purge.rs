//! Deleting with undo, and the purge that makes a delete final.
//!
//! A delete is soft at first (`deleted_at` is set) so it can be undone for [`UNDO_WINDOW`];
//! the purge then removes the row for good, and finishes by taking every copy of its words out
//! of the files ([`Store::finish_purge`]): the search indexes merged (they only mark a deleted
//! row's words; migration 0007 says why not FTS5's own secure-delete), the file rewritten, and
//! the WAL checkpoint (TRUNCATE) emptying the write-ahead log that still held copies.
//!
//! The purge visits [`PURGED_TABLES`] and nothing else. A test derives the same list from the
//! schema (`tests/core/store.rs`), so a migration that adds a table a deleted row's words can
//! reach fails it until someone has decided how those words leave and listed the table here.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Store, format_instant};
use crate::failpoint::failpoint;
use crate::{Error, Result};

/// How long a deleted check-in or entry can be brought back. The UI offers undo for a little
/// less, so a click at the last moment still arrives in time.
pub const UNDO_WINDOW: Duration = Duration::from_secs(10);

/// A table whose rows are deleted softly and purged for good once the undo window has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurgedTable {
    /// The table; it has a `deleted_at` column, and every table that has one is purged.
    pub name: &'static str,
    /// The tables a row's purge reaches, which SQLite updates as the row goes: those with a
    /// foreign key to it (ON DELETE CASCADE takes their rows, and whatever refers to those;
    /// SET NULL takes only the link) and those its AFTER DELETE triggers write (the search
    /// indexes: the trigram index's copy of the words, the gram index's pairs of characters).
    /// Nothing here is visited by the purge itself; they are listed so that a new one is a
    /// decision, not an accident.
    pub reaches: &'static [&'static str],
}

pub(super) const JOURNAL_ENTRY: PurgedTable = PurgedTable {
    name: "journal_entry",
    reaches: &["search_index", "search_gram"],
};

pub(super) const CHECK_IN: PurgedTable = PurgedTable {
    name: "check_in",
    reaches: &[
        "check_in_label",
        "journal_entry",
        "promise",
        "search_index",
        "search_gram",
    ],
};

pub(super) const PROMISE: PurgedTable = PurgedTable {
    name: "promise",
    reaches: &["promise_event", "search_index", "search_gram"],
};

pub(super) const DISCLOSURE: PurgedTable = PurgedTable {
    name: "disclosure",
    reaches: &["search_index", "search_gram"],
};

pub(super) const REVISIT: PurgedTable = PurgedTable {
    name: "revisit",
    reaches: &["search_index", "search_gram"],
};

/// Every purged table, in the order the purge visits them: entries and promises before
/// check-ins, so that one made from a purged check-in is not rewritten (its link set to NULL)
/// just before it goes too.
pub const PURGED_TABLES: &[PurgedTable] = &[JOURNAL_ENTRY, PROMISE, DISCLOSURE, REVISIT, CHECK_IN];

impl Store {
    /// Hides row `id` of `table` as of `now`, until the purge; `missing` when there is no such
    /// row, or it is already deleted.
    pub(super) fn soft_delete(
        &mut self,
        table: &PurgedTable,
        id: i64,
        now: DateTime<Utc>,
        missing: Error,
    ) -> Result<()> {
        let sql = format!(
            "UPDATE {} SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            table.name
        );
        match self.conn.execute(&sql, params![id, format_instant(now)])? {
            0 => Err(missing),
            _ => Ok(()),
        }
    }

    /// Undoes [`Store::soft_delete`]; `missing` when the row is not deleted, or already purged.
    pub(super) fn undo_delete(&mut self, table: &PurgedTable, id: i64, missing: Error) -> Result<()> {
        let sql = format!(
            "UPDATE {} SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
            table.name
        );
        match self.conn.execute(&sql, [id])? {
            0 => Err(missing),
            _ => Ok(()),
        }
    }

    /// Removes for good every row of [`PURGED_TABLES`] deleted at or before `deleted_by` (all of
    /// them with `None`), then checkpoints and truncates the WAL so no copy of the words is left
    /// in it. Returns how many were removed.
    pub fn purge_deleted(&mut self, deleted_by: Option<DateTime<Utc>>) -> Result<usize> {
        // With no deadline, everything deleted: a deleted_at sorts below this.
        let by = deleted_by.map_or_else(|| "\u{10FFFF}".to_owned(), format_instant);
        let tx = self.conn.transaction()?;
        let mut removed = 0;
        for table in PURGED_TABLES {
            removed += tx.execute(
                &format!(
                    "DELETE FROM {} WHERE deleted_at IS NOT NULL AND deleted_at <= ?1",
                    table.name
                ),
                [&by],
            )?;
        }
        if removed > 0 {
            // From this commit on, the purge is owed its rewrite: a crash before it is done
            // leaves the next open to finish it.
            tx.execute("INSERT OR IGNORE INTO purge_unfinished (id) VALUES (1)", [])?;
        }
        tx.commit()?;
        failpoint("purge.committed")?;
        if removed > 0 {
            self.finish_purge()?;
        }
        Ok(removed)
    }

    /// What makes a purge final once its rows are deleted: the search indexes merged into one
    /// segment each, which leaves out every entry of the purged rows (and of their edits), then
    /// the whole file rewritten (`VACUUM`) and the WAL emptied into it. `secure_delete` zeroes a
    /// deleted cell where it lies, but when SQLite rebalances a page it moves the cells it keeps
    /// and leaves the old bytes in the page's free space, so a row moved that way before it was
    /// deleted leaves a copy `secure_delete` never sees (the crash harness found whole notes so).
    /// The rewrite builds every page afresh from the rows that remain.
    fn finish_purge(&mut self) -> Result<()> {
        self.tidy_index()?;
        self.conn.execute_batch("VACUUM")?;
        self.conn.execute("DELETE FROM purge_unfinished", [])?;
        self.checkpoint()
    }

    /// Finishes a purge a crash cut short between its commit and its rewrite, if one was.
    pub(super) fn finish_purge_if_unfinished(&mut self) -> Result<()> {
        let unfinished: bool = self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM purge_unfinished)", [], |row| row.get(0))?;
        if unfinished {
            self.finish_purge()?;
        }
        Ok(())
    }
}
