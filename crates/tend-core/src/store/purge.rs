//! Deleting with undo, and the purge that makes a delete final.
//!
//! A delete is soft at first (`deleted_at` is set) so it can be undone for [`UNDO_WINDOW`];
//! the purge then removes the row for good. With `secure_delete` on, SQLite zeroes the freed
//! bytes, and the WAL checkpoint (TRUNCATE) empties the write-ahead log that still held copies.
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
    reaches: &["check_in_label", "journal_entry", "search_index", "search_gram"],
};

/// Every purged table, in the order the purge visits them: entries before check-ins, so that
/// an entry about a purged check-in is not rewritten (its link set to NULL) just before it goes
/// too.
pub const PURGED_TABLES: &[PurgedTable] = &[JOURNAL_ENTRY, CHECK_IN];

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
        tx.commit()?;
        failpoint("purge.committed")?;
        if removed > 0 {
            // Earlier versions of a purged row (its edits) are merged out of the indexes too, and
            // then the WAL is emptied into the file.
            self.tidy_index()?;
        }
        Ok(removed)
    }
}
