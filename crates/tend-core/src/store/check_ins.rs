//! Writing check-ins: save, edit, and delete with undo (see `purge` for how a delete becomes
//! final).

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::purge::CHECK_IN;
use super::{Store, format_instant, read_local_time};
use crate::check_in::{ValidCheckIn, Written};
use crate::{CheckIn, Error, NewCheckIn, Presence, Result};

/// The columns [`read_check_in`] expects, in order.
pub(crate) const COLUMNS: &str = "id, created_at, utc_offset_min, local_date, updated_at, together_minutes, presence, \
     partner_shared, partner_asked, unsaid, partner_seemed, note";

#[derive(Clone, Copy)]
enum LabelKind {
    Activity,
    Feeling,
}

impl LabelKind {
    fn as_str(self) -> &'static str {
        match self {
            LabelKind::Activity => "activity",
            LabelKind::Feeling => "feeling",
        }
    }
}

impl Store {
    /// Saves a check-in written at `now` (the writer's local time). Durable on return.
    pub fn save_check_in(&mut self, new: &NewCheckIn, now: DateTime<FixedOffset>) -> Result<CheckIn> {
        let valid = new.validate()?;
        let written = Written::at(now);
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO check_in (created_at, utc_offset_min, local_date) VALUES (?1, ?2, ?3)",
            params![
                format_instant(written.utc),
                written.offset.local_minus_utc() / 60,
                written.local_date().to_string()
            ],
        )?;
        let id = tx.last_insert_rowid();
        write_answers(&tx, id, &valid)?;
        // The draft it was written in is done with, in the same transaction: saved once.
        tx.execute(
            "DELETE FROM draft WHERE kind = ?1",
            [super::DraftKind::CheckIn.as_str()],
        )?;
        tx.commit()?;
        self.check_in(id)
    }

    /// Replaces a check-in's answers, keeping when (and on which day) it was written.
    pub fn update_check_in(&mut self, id: i64, new: &NewCheckIn, now: DateTime<Utc>) -> Result<CheckIn> {
        let valid = new.validate()?;
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE check_in SET updated_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![id, format_instant(now)],
        )?;
        if changed == 0 {
            return Err(Error::CheckInNotFound);
        }
        write_answers(&tx, id, &valid)?;
        tx.commit()?;
        self.check_in(id)
    }

    /// Hides a check-in; [`Store::restore_check_in`] brings it back until the purge.
    pub fn delete_check_in(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.soft_delete(&CHECK_IN, id, now, Error::CheckInNotFound)
    }

    /// Undoes a delete that has not been purged yet.
    pub fn restore_check_in(&mut self, id: i64) -> Result<CheckIn> {
        self.undo_delete(&CHECK_IN, id, Error::CheckInNotFound)?;
        self.check_in(id)
    }

    /// One check-in that has not been deleted.
    pub fn check_in(&self, id: i64) -> Result<CheckIn> {
        let sql = format!("SELECT {COLUMNS} FROM check_in WHERE id = ?1 AND deleted_at IS NULL");
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], read_check_in)
            .optional()?;
        let mut check_in = found.ok_or(Error::CheckInNotFound)?;
        self.attach_labels(std::slice::from_mut(&mut check_in))?;
        Ok(check_in)
    }

    /// Fills in the activities and feelings of check-ins read with [`read_check_in`].
    pub(crate) fn attach_labels(&self, check_ins: &mut [CheckIn]) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT kind, label FROM check_in_label WHERE check_in_id = ?1 ORDER BY kind, position")?;
        for check_in in check_ins {
            let mut rows = stmt.query([check_in.id])?;
            while let Some(row) = rows.next()? {
                let kind: String = row.get(0)?;
                let label: String = row.get(1)?;
                match kind.as_str() {
                    "activity" => check_in.activities.push(label),
                    _ => check_in.feelings.push(label),
                }
            }
        }
        Ok(())
    }
}

pub(super) fn write_answers(tx: &Transaction<'_>, id: i64, valid: &ValidCheckIn) -> Result<()> {
    tx.execute(
        "UPDATE check_in SET together_minutes = ?2, presence = ?3, partner_shared = ?4, partner_asked = ?5,
             unsaid = ?6, partner_seemed = ?7, note = ?8
         WHERE id = ?1",
        params![
            id,
            valid.together_minutes,
            valid.presence.map(Presence::as_str),
            valid.partner_shared,
            valid.partner_asked,
            valid.unsaid,
            valid.partner_seemed,
            valid.note,
        ],
    )?;
    tx.execute("DELETE FROM check_in_label WHERE check_in_id = ?1", [id])?;
    write_labels(tx, id, valid)?;
    super::search::index_check_in(tx, id)
}

/// Writes a check-in's activities and feelings, in the order chosen (it has none yet).
pub(super) fn write_labels(tx: &Transaction<'_>, id: i64, valid: &ValidCheckIn) -> Result<()> {
    let mut insert =
        tx.prepare_cached("INSERT INTO check_in_label (check_in_id, kind, position, label) VALUES (?1, ?2, ?3, ?4)")?;
    for (kind, labels) in [
        (LabelKind::Activity, &valid.activities),
        (LabelKind::Feeling, &valid.feelings),
    ] {
        for (position, label) in labels.iter().enumerate() {
            insert.execute(params![id, kind.as_str(), position as i64, label])?;
        }
    }
    Ok(())
}

/// Reads a row selected with [`COLUMNS`]; activities and feelings come from `attach_labels`.
pub(crate) fn read_check_in(row: &Row<'_>) -> rusqlite::Result<CheckIn> {
    let presence: Option<String> = row.get(6)?;
    let text = |i: usize| -> rusqlite::Result<String> { Ok(row.get::<_, Option<String>>(i)?.unwrap_or_default()) };
    Ok(CheckIn {
        id: row.get(0)?,
        created_at: read_local_time(row, 1, 2)?,
        local_date: row.get(3)?,
        updated_at: row.get(4)?,
        together_minutes: row.get(5)?,
        activities: Vec::new(),
        presence: presence.as_deref().and_then(Presence::parse),
        partner_shared: row.get(7)?,
        partner_asked: text(8)?,
        unsaid: text(9)?,
        feelings: Vec::new(),
        partner_seemed: text(10)?,
        note: text(11)?,
    })
}
