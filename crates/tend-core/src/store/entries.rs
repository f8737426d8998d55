//! Journal entries in the store: written whole on every autosave, read back, paged newest
//! first, deleted with undo, and their tags.

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;
use ts_rs::TS;

use super::history::{TimelineCursor, into_page};
use super::purge::JOURNAL_ENTRY;
use super::{Store, format_instant, read_local_time};
use crate::check_in::Written;
use crate::journal::{EntryDraft, JournalEntry, render_markdown};
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct JournalPage {
    pub entries: Vec<JournalEntry>,
    pub next: Option<TimelineCursor>,
}

const COLUMNS: &str =
    "id, created_at, utc_offset_min, local_date, updated_at, updated_offset_min, title, body, tags, check_in_id";

impl Store {
    /// Creates an entry (`id` is `None`) or replaces one's words, as of `now`. Autosave calls
    /// this with the whole draft each time; an empty draft is refused, never stored.
    pub fn save_entry(
        &mut self,
        id: Option<i64>,
        draft: &EntryDraft,
        now: DateTime<FixedOffset>,
    ) -> Result<JournalEntry> {
        let draft = draft.validate()?;
        if let Some(check_in) = draft.check_in_id {
            self.check_in(check_in)?;
        }
        let written = Written::at(now);
        let tags = serde_json::to_string(&draft.tags).map_err(std::io::Error::other)?;
        let offset = written.offset.local_minus_utc() / 60;
        let tx = self.conn.transaction()?;
        let id = match id {
            None => {
                tx.execute(
                    "INSERT INTO journal_entry (created_at, utc_offset_min, local_date, updated_at, updated_offset_min,
                         title, body, tags, check_in_id)
                     VALUES (?1, ?2, ?3, ?1, ?2, ?4, ?5, ?6, ?7)",
                    params![
                        format_instant(written.utc),
                        offset,
                        written.local_date().to_string(),
                        draft.title,
                        draft.body,
                        tags,
                        draft.check_in_id
                    ],
                )?;
                tx.last_insert_rowid()
            }
            Some(id) => {
                let changed = tx.execute(
                    "UPDATE journal_entry SET updated_at = ?2, updated_offset_min = ?3, title = ?4, body = ?5, tags = ?6,
                         check_in_id = ?7
                     WHERE id = ?1 AND deleted_at IS NULL",
                    params![id, format_instant(written.utc), offset, draft.title, draft.body, tags, draft.check_in_id],
                )?;
                if changed == 0 {
                    return Err(Error::EntryNotFound);
                }
                id
            }
        };
        super::search::index_entry(&tx, id)?;
        tx.commit()?;
        self.entry(id)
    }

    pub fn entry(&self, id: i64) -> Result<JournalEntry> {
        let sql = format!("SELECT {COLUMNS} FROM journal_entry WHERE id = ?1 AND deleted_at IS NULL");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], read_entry)
            .optional()?
            .ok_or(Error::EntryNotFound)
    }

    /// Entries newest first, `limit` at a time, after `after`.
    pub fn journal(&self, after: Option<&TimelineCursor>, limit: usize) -> Result<JournalPage> {
        if let Some(cursor) = after {
            cursor.check()?;
        }
        let limit = limit.clamp(1, 200);
        let fetch = limit as i64 + 1;
        let (created, id) = match after {
            Some(c) => (c.created_at.clone(), c.id),
            // After everything: a created_at that sorts above every stored instant.
            None => ("\u{10FFFF}".to_owned(), i64::MAX),
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM journal_entry WHERE deleted_at IS NULL AND (created_at, id) < (?1, ?2)
             ORDER BY created_at DESC, id DESC LIMIT ?3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows: Vec<(String, JournalEntry)> = stmt
            .query_map(params![created, id, fetch], |row| Ok((row.get(1)?, read_entry(row)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let (entries, next) = into_page(rows, limit, |e: &JournalEntry| e.id);
        Ok(JournalPage { entries, next })
    }

    /// Hides an entry; [`Store::restore_entry`] brings it back until the purge.
    pub fn delete_entry(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.soft_delete(&JOURNAL_ENTRY, id, now, Error::EntryNotFound)
    }

    pub fn restore_entry(&mut self, id: i64) -> Result<JournalEntry> {
        self.undo_delete(&JOURNAL_ENTRY, id, Error::EntryNotFound)?;
        self.entry(id)
    }

    /// Every tag in use, most used first.
    pub fn journal_tags(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.value, count(*) AS uses FROM journal_entry j, json_each(j.tags) t
             WHERE j.deleted_at IS NULL GROUP BY t.value COLLATE NOCASE ORDER BY uses DESC, t.value",
        )?;
        let tags = stmt.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(tags)
    }
}

fn read_entry(row: &Row<'_>) -> rusqlite::Result<JournalEntry> {
    let body: String = row.get(7)?;
    let tags: String = row.get(8)?;
    Ok(JournalEntry {
        id: row.get(0)?,
        created_at: read_local_time(row, 1, 2)?,
        local_date: row.get(3)?,
        updated_at: read_local_time(row, 4, 5)?,
        title: row.get(6)?,
        body_html: render_markdown(&body),
        body,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        check_in_id: row.get(9)?,
    })
}
