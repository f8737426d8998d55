//! Keeping the trust-repair tools (`crate::trust`): promises with their history, disclosures
//! and revisits. Each deletes with undo and is purged like a check-in (`purge`).
//!
//! Lists: promises still being lived (open, renegotiated) come first, then the settled ones,
//! newest first within each; disclosures and revisits newest first by their day, then by when
//! they were written.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::purge::{DISCLOSURE, PROMISE, REVISIT};
use super::{Store, format_instant, read_local_time};
use crate::check_in::Written;
use crate::trust::{
    Disclosure, NewDisclosure, NewPromise, NewRevisit, Promise, PromiseEvent, PromiseMove, PromiseState, Revisit,
};
use crate::{Error, Result};

/// The columns [`read_promise`] expects, in order.
const PROMISE_COLUMNS: &str =
    "id, created_at, utc_offset_min, local_date, updated_at, asked, committed, by_when, check_in_id, state";
const DISCLOSURE_COLUMNS: &str = "id, created_at, utc_offset_min, updated_at, told_on, what, how_taken, still_unsaid";
const REVISIT_COLUMNS: &str = "id, created_at, utc_offset_min, updated_at, happened_on, needed, responded, next_time";

impl Store {
    /// Makes a promise at `now` (the writer's local time); its history starts with the making.
    /// A link names a check-in that is here, or the promise isn't made.
    pub fn add_promise(&mut self, new: &NewPromise, now: DateTime<FixedOffset>) -> Result<Promise> {
        let valid = new.validate()?;
        if let Some(check_in) = valid.check_in_id {
            self.check_in(check_in)?;
        }
        let written = Written::at(now);
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO promise (created_at, utc_offset_min, local_date, asked, committed, by_when, check_in_id, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open')",
            params![
                format_instant(written.utc),
                offset_minutes(written),
                written.local_date().to_string(),
                valid.asked,
                valid.committed,
                valid.by_when.map(|d| d.to_string()),
                valid.check_in_id,
            ],
        )?;
        let id = tx.last_insert_rowid();
        add_event(&tx, id, written, PromiseState::Open, "", Some(&valid.committed))?;
        super::search::index_promise(&tx, id)?;
        tx.commit()?;
        self.promise(id)
    }

    /// Fixes a promise's words (what was asked, what I committed to, by when): not a step in its
    /// history, so the history gains nothing and keeps what it said (the terms as they were made
    /// or agreed then). The check-in link stays as it is.
    pub fn edit_promise(&mut self, id: i64, new: &NewPromise, now: DateTime<Utc>) -> Result<Promise> {
        let valid = new.validate()?;
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE promise SET updated_at = ?2, asked = ?3, committed = ?4, by_when = ?5
             WHERE id = ?1 AND deleted_at IS NULL",
            params![
                id,
                format_instant(now),
                valid.asked,
                valid.committed,
                valid.by_when.map(|d| d.to_string())
            ],
        )?;
        if changed == 0 {
            return Err(Error::PromiseNotFound);
        }
        super::search::index_promise(&tx, id)?;
        tx.commit()?;
        self.promise(id)
    }

    /// Moves a promise to another state along `crate::trust::TRANSITIONS`, adding the move to its
    /// history. A renegotiation replaces what I committed to with the new terms, and its event
    /// keeps them (the event before that holds the old ones).
    pub fn move_promise(&mut self, id: i64, step: &PromiseMove, now: DateTime<FixedOffset>) -> Result<Promise> {
        let tx = self.conn.transaction()?;
        let from: String = tx
            .query_row(
                "SELECT state FROM promise WHERE id = ?1 AND deleted_at IS NULL",
                [id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(Error::PromiseNotFound)?;
        // The CHECK constraint keeps the column to the four states.
        let from = PromiseState::parse(&from).ok_or(Error::PromiseStateUnknown)?;
        let step = step.validate(from)?;
        tx.execute(
            "UPDATE promise SET state = ?2, committed = coalesce(?3, committed) WHERE id = ?1",
            params![id, step.to.as_str(), step.terms],
        )?;
        add_event(&tx, id, Written::at(now), step.to, &step.note, step.terms.as_deref())?;
        super::search::index_promise(&tx, id)?;
        tx.commit()?;
        self.promise(id)
    }

    /// The promises that have not been deleted: open and renegotiated first, then kept and let
    /// go, newest first within each.
    pub fn promises(&self) -> Result<Vec<Promise>> {
        let sql = format!(
            "SELECT {PROMISE_COLUMNS} FROM promise WHERE deleted_at IS NULL
             ORDER BY state IN ('open', 'renegotiated') DESC, created_at DESC, id DESC"
        );
        let mut promises: Vec<Promise> = self
            .conn
            .prepare_cached(&sql)?
            .query_map([], read_promise)?
            .collect::<rusqlite::Result<_>>()?;
        let mut histories: HashMap<i64, Vec<PromiseEvent>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.promise_id, e.at, e.utc_offset_min, e.state, e.note, e.terms
             FROM promise_event e JOIN promise p ON p.id = e.promise_id
             WHERE p.deleted_at IS NULL ORDER BY e.promise_id, e.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            histories.entry(row.get(0)?).or_default().push(read_event(row, 1)?);
        }
        for promise in &mut promises {
            promise.history = histories.remove(&promise.id).unwrap_or_default();
        }
        Ok(promises)
    }

    /// One promise that has not been deleted, with its history.
    pub fn promise(&self, id: i64) -> Result<Promise> {
        let sql = format!("SELECT {PROMISE_COLUMNS} FROM promise WHERE id = ?1 AND deleted_at IS NULL");
        let mut promise = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], read_promise)
            .optional()?
            .ok_or(Error::PromiseNotFound)?;
        promise.history = self
            .conn
            .prepare_cached(
                "SELECT at, utc_offset_min, state, note, terms FROM promise_event WHERE promise_id = ?1 ORDER BY id",
            )?
            .query_map([id], |row| read_event(row, 0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(promise)
    }

    /// Hides a promise (and its history); [`Store::restore_promise`] brings it back until the
    /// purge.
    pub fn delete_promise(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.soft_delete(&PROMISE, id, now, Error::PromiseNotFound)
    }

    /// Undoes a delete that has not been purged yet.
    pub fn restore_promise(&mut self, id: i64) -> Result<Promise> {
        self.undo_delete(&PROMISE, id, Error::PromiseNotFound)?;
        self.promise(id)
    }

    /// Notes something told, written at `now`; an empty `told_on` is the day it is written.
    pub fn add_disclosure(&mut self, new: &NewDisclosure, now: DateTime<FixedOffset>) -> Result<Disclosure> {
        let valid = new.validate()?;
        let written = Written::at(now);
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO disclosure (created_at, utc_offset_min, local_date, told_on, what, how_taken, still_unsaid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                format_instant(written.utc),
                offset_minutes(written),
                written.local_date().to_string(),
                day_or_today(valid.told_on, written),
                valid.what,
                valid.how_taken,
                valid.still_unsaid,
            ],
        )?;
        let id = tx.last_insert_rowid();
        super::search::index_disclosure(&tx, id)?;
        tx.commit()?;
        self.disclosure(id)
    }

    /// Replaces a disclosure's words, keeping when it was written; an empty `told_on` keeps the
    /// day it had.
    pub fn edit_disclosure(&mut self, id: i64, new: &NewDisclosure, now: DateTime<Utc>) -> Result<Disclosure> {
        let valid = new.validate()?;
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE disclosure SET updated_at = ?2, told_on = coalesce(?3, told_on), what = ?4, how_taken = ?5,
                 still_unsaid = ?6
             WHERE id = ?1 AND deleted_at IS NULL",
            params![
                id,
                format_instant(now),
                valid.told_on.map(|d| d.to_string()),
                valid.what,
                valid.how_taken,
                valid.still_unsaid
            ],
        )?;
        if changed == 0 {
            return Err(Error::DisclosureNotFound);
        }
        super::search::index_disclosure(&tx, id)?;
        tx.commit()?;
        self.disclosure(id)
    }

    /// The disclosures that have not been deleted, newest first.
    pub fn disclosures(&self) -> Result<Vec<Disclosure>> {
        let sql = format!(
            "SELECT {DISCLOSURE_COLUMNS} FROM disclosure WHERE deleted_at IS NULL
             ORDER BY told_on DESC, created_at DESC, id DESC"
        );
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_map([], read_disclosure)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(found)
    }

    /// One disclosure that has not been deleted.
    pub fn disclosure(&self, id: i64) -> Result<Disclosure> {
        let sql = format!("SELECT {DISCLOSURE_COLUMNS} FROM disclosure WHERE id = ?1 AND deleted_at IS NULL");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], read_disclosure)
            .optional()?
            .ok_or(Error::DisclosureNotFound)
    }

    pub fn delete_disclosure(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.soft_delete(&DISCLOSURE, id, now, Error::DisclosureNotFound)
    }

    pub fn restore_disclosure(&mut self, id: i64) -> Result<Disclosure> {
        self.undo_delete(&DISCLOSURE, id, Error::DisclosureNotFound)?;
        self.disclosure(id)
    }

    /// Notes a time it came up again, written at `now`; an empty `happened_on` is the day it is
    /// written.
    pub fn add_revisit(&mut self, new: &NewRevisit, now: DateTime<FixedOffset>) -> Result<Revisit> {
        let valid = new.validate()?;
        let written = Written::at(now);
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO revisit (created_at, utc_offset_min, local_date, happened_on, needed, responded, next_time)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                format_instant(written.utc),
                offset_minutes(written),
                written.local_date().to_string(),
                day_or_today(valid.happened_on, written),
                valid.needed,
                valid.responded,
                valid.next_time,
            ],
        )?;
        let id = tx.last_insert_rowid();
        super::search::index_revisit(&tx, id)?;
        tx.commit()?;
        self.revisit(id)
    }

    /// Replaces a revisit's words, keeping when it was written; an empty `happened_on` keeps the
    /// day it had.
    pub fn edit_revisit(&mut self, id: i64, new: &NewRevisit, now: DateTime<Utc>) -> Result<Revisit> {
        let valid = new.validate()?;
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE revisit SET updated_at = ?2, happened_on = coalesce(?3, happened_on), needed = ?4,
                 responded = ?5, next_time = ?6
             WHERE id = ?1 AND deleted_at IS NULL",
            params![
                id,
                format_instant(now),
                valid.happened_on.map(|d| d.to_string()),
                valid.needed,
                valid.responded,
                valid.next_time
            ],
        )?;
        if changed == 0 {
            return Err(Error::RevisitNotFound);
        }
        super::search::index_revisit(&tx, id)?;
        tx.commit()?;
        self.revisit(id)
    }

    /// The revisits that have not been deleted, newest first.
    pub fn revisits(&self) -> Result<Vec<Revisit>> {
        let sql = format!(
            "SELECT {REVISIT_COLUMNS} FROM revisit WHERE deleted_at IS NULL
             ORDER BY happened_on DESC, created_at DESC, id DESC"
        );
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_map([], read_revisit)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(found)
    }

    /// One revisit that has not been deleted.
    pub fn revisit(&self, id: i64) -> Result<Revisit> {
        let sql = format!("SELECT {REVISIT_COLUMNS} FROM revisit WHERE id = ?1 AND deleted_at IS NULL");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], read_revisit)
            .optional()?
            .ok_or(Error::RevisitNotFound)
    }

    pub fn delete_revisit(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.soft_delete(&REVISIT, id, now, Error::RevisitNotFound)
    }

    pub fn restore_revisit(&mut self, id: i64) -> Result<Revisit> {
        self.undo_delete(&REVISIT, id, Error::RevisitNotFound)?;
        self.revisit(id)
    }
}

fn offset_minutes(written: Written) -> i32 {
    written.offset.local_minus_utc() / 60
}

fn day_or_today(day: Option<NaiveDate>, written: Written) -> String {
    day.unwrap_or_else(|| written.local_date()).to_string()
}

fn add_event(
    tx: &Transaction<'_>,
    promise: i64,
    written: Written,
    state: PromiseState,
    note: &str,
    terms: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO promise_event (promise_id, at, utc_offset_min, state, note, terms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        promise,
        format_instant(written.utc),
        offset_minutes(written),
        state.as_str(),
        note,
        terms
    ])?;
    Ok(())
}

/// A stored state; the table's CHECK keeps it to the four, so anything else reads as a
/// conversion failure rather than a guess.
fn read_state(row: &Row<'_>, i: usize) -> rusqlite::Result<PromiseState> {
    let text: String = row.get(i)?;
    PromiseState::parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, "unknown promise state".into())
    })
}

/// Reads a row selected with [`PROMISE_COLUMNS`]; the history comes separately.
fn read_promise(row: &Row<'_>) -> rusqlite::Result<Promise> {
    Ok(Promise {
        id: row.get(0)?,
        created_at: read_local_time(row, 1, 2)?,
        local_date: row.get(3)?,
        updated_at: row.get(4)?,
        asked: row.get(5)?,
        committed: row.get(6)?,
        by_when: row.get(7)?,
        check_in_id: row.get(8)?,
        state: read_state(row, 9)?,
        history: Vec::new(),
    })
}

/// Reads `at, utc_offset_min, state, note, terms` starting at column `first`.
fn read_event(row: &Row<'_>, first: usize) -> rusqlite::Result<PromiseEvent> {
    Ok(PromiseEvent {
        at: read_local_time(row, first, first + 1)?,
        state: read_state(row, first + 2)?,
        note: row.get(first + 3)?,
        terms: row.get(first + 4)?,
    })
}

fn read_disclosure(row: &Row<'_>) -> rusqlite::Result<Disclosure> {
    Ok(Disclosure {
        id: row.get(0)?,
        created_at: read_local_time(row, 1, 2)?,
        updated_at: row.get(3)?,
        told_on: row.get(4)?,
        what: row.get(5)?,
        how_taken: row.get(6)?,
        still_unsaid: row.get(7)?,
    })
}

fn read_revisit(row: &Row<'_>) -> rusqlite::Result<Revisit> {
    Ok(Revisit {
        id: row.get(0)?,
        created_at: read_local_time(row, 1, 2)?,
        updated_at: row.get(3)?,
        happened_on: row.get(4)?,
        needed: row.get(5)?,
        responded: row.get(6)?,
        next_time: row.get(7)?,
    })
}
