//! The trust-repair tools in Tend's export document, and read back in (`docs/FORMAT.md`), for
//! `transfer.rs`: each record is checked as a save would check it before anything is written,
//! then written in the import's transaction; a record this Tend already has (its stable id) is
//! left as it is.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::transfer::{instant, moment, stable_id, unreadable};
use super::{Store, format_instant};
use crate::bounds::longer_than;
use crate::check_in::{NOTE_LIMIT, Written};
use crate::data::{DisclosureRecord, Document, PromiseEventRecord, PromiseRecord, RevisitRecord};
use crate::trust::{
    NewDisclosure, NewPromise, NewRevisit, PromiseState, ValidDisclosure, ValidPromise, ValidRevisit, allowed,
};
use crate::{Error, Result};

/// The trust-repair records of a document, every one checked.
pub(super) struct CheckedTrust<'a> {
    promises: Vec<CheckedPromise<'a>>,
    disclosures: Vec<Dated<'a, ValidDisclosure>>,
    revisits: Vec<Dated<'a, ValidRevisit>>,
}

struct CheckedPromise<'a> {
    record: Dated<'a, ValidPromise>,
    check_in: Option<&'a str>,
    state: PromiseState,
    history: Vec<CheckedEvent<'a>>,
}

struct CheckedEvent<'a> {
    at: Written,
    state: PromiseState,
    note: &'a str,
    terms: Option<&'a str>,
}

/// A record's stable id and moments, with its checked words.
struct Dated<'a, T> {
    id: &'a str,
    written: Written,
    updated_at: Option<DateTime<Utc>>,
    valid: T,
}

/// Which of a document's trust-repair records this Tend already has, deleted ones included.
pub(super) struct KnownTrust<'a> {
    promises: HashSet<&'a str>,
    disclosures: HashSet<&'a str>,
    revisits: HashSet<&'a str>,
}

/// How many of each kind are new here.
pub(super) struct NewTrust {
    pub promises: usize,
    pub disclosures: usize,
    pub revisits: usize,
}

/// The id and moments every record carries, as the file spells them.
struct Stamp<'a> {
    id: &'a str,
    created_at: &'a str,
    offset: i32,
    local_date: &'a str,
    updated_at: Option<&'a str>,
}

/// The id and moments of record `n` of `kind` (named as a person counts), checked.
fn dated<'a>(
    kind: &str,
    n: usize,
    stamp: Stamp<'a>,
    seen: &mut HashSet<&'a str>,
) -> Result<(&'a str, Written, Option<DateTime<Utc>>)> {
    let broke = |field: &str| unreadable(kind, n, field);
    let id = stable_id(stamp.id, seen).ok_or_else(|| broke("id"))?;
    let written = moment(stamp.created_at, stamp.offset).ok_or_else(|| broke("created_at"))?;
    if written.local_date().to_string() != stamp.local_date {
        return Err(broke("local_date"));
    }
    let updated_at = match stamp.updated_at {
        None => None,
        Some(text) => Some(instant(text).ok_or_else(|| broke("updated_at"))?),
    };
    Ok((id, written, updated_at))
}

/// The field a text refusal is about: the first of `fields` too long, else `otherwise`.
fn text_field<'f>(error: &Error, fields: &[(&'f str, &str)], otherwise: &'f str) -> &'f str {
    match error {
        Error::TextTooLong { .. } => fields
            .iter()
            .find(|(_, text)| longer_than(text, NOTE_LIMIT))
            .map_or(otherwise, |(name, _)| name),
        _ => otherwise,
    }
}

impl<'a> CheckedTrust<'a> {
    pub(super) fn from(doc: &'a Document) -> Result<CheckedTrust<'a>> {
        let mut seen = HashSet::new();
        let mut promises = Vec::with_capacity(doc.promises.len());
        for (n, p) in doc.promises.iter().enumerate() {
            promises.push(check_promise(n, p, &mut seen)?);
        }
        let mut seen = HashSet::new();
        let mut disclosures = Vec::with_capacity(doc.disclosures.len());
        for (n, d) in doc.disclosures.iter().enumerate() {
            disclosures.push(check_disclosure(n, d, &mut seen)?);
        }
        let mut seen = HashSet::new();
        let mut revisits = Vec::with_capacity(doc.revisits.len());
        for (n, r) in doc.revisits.iter().enumerate() {
            revisits.push(check_revisit(n, r, &mut seen)?);
        }
        Ok(CheckedTrust {
            promises,
            disclosures,
            revisits,
        })
    }

    /// How many records the document holds, new or not.
    pub(super) fn len(&self) -> usize {
        self.promises.len() + self.disclosures.len() + self.revisits.len()
    }

    pub(super) fn new_here(&self, known: &KnownTrust<'_>) -> NewTrust {
        NewTrust {
            promises: self
                .promises
                .iter()
                .filter(|p| !known.promises.contains(p.record.id))
                .count(),
            disclosures: self
                .disclosures
                .iter()
                .filter(|d| !known.disclosures.contains(d.id))
                .count(),
            revisits: self.revisits.iter().filter(|r| !known.revisits.contains(r.id)).count(),
        }
    }
}

fn check_promise<'a>(n: usize, p: &'a PromiseRecord, seen: &mut HashSet<&'a str>) -> Result<CheckedPromise<'a>> {
    let broke = |field: &str| unreadable("promise", n, field);
    let stamp = Stamp {
        id: &p.id,
        created_at: &p.created_at,
        offset: p.utc_offset_minutes,
        local_date: &p.local_date,
        updated_at: p.updated_at.as_deref(),
    };
    let (id, written, updated_at) = dated("promise", n, stamp, seen)?;
    let new = NewPromise {
        asked: p.asked.clone(),
        committed: p.committed.clone(),
        by_when: p.by_when.clone(),
        check_in_id: None,
    };
    let valid = new.validate().map_err(|error| {
        broke(match error {
            Error::DateUnreadable => "by_when",
            Error::PromiseNeedsWords => "committed",
            _ => text_field(&error, &[("asked", &p.asked), ("committed", &p.committed)], "committed"),
        })
    })?;
    // A link to a check-in neither here nor in the file is let go when written.
    let check_in = match &p.check_in {
        None => None,
        Some(uuid) => Some(
            uuid::Uuid::parse_str(uuid)
                .map(|_| uuid.as_str())
                .map_err(|_| broke("check_in"))?,
        ),
    };
    let state = PromiseState::parse(&p.state).ok_or_else(|| broke("state"))?;
    let history = check_history(&p.history, state).ok_or_else(|| broke("history"))?;
    Ok(CheckedPromise {
        record: Dated {
            id,
            written,
            updated_at,
            valid,
        },
        check_in,
        state,
        history,
    })
}

/// A history as Tend writes one: the making first (open), each step in the transition table,
/// ending where the promise stands.
fn check_history(history: &[PromiseEventRecord], state: PromiseState) -> Option<Vec<CheckedEvent<'_>>> {
    let events: Vec<CheckedEvent<'_>> = history
        .iter()
        .map(|e| {
            let long =
                longer_than(&e.note, NOTE_LIMIT) || e.terms.as_deref().is_some_and(|t| longer_than(t, NOTE_LIMIT));
            (!long).then_some(())?;
            Some(CheckedEvent {
                at: moment(&e.at, e.utc_offset_minutes)?,
                state: PromiseState::parse(&e.state)?,
                note: &e.note,
                terms: e.terms.as_deref(),
            })
        })
        .collect::<Option<_>>()?;
    let steps_allowed = events.windows(2).all(|pair| allowed(pair[0].state, pair[1].state));
    let made_open = events.first()?.state == PromiseState::Open;
    (steps_allowed && made_open && events.last()?.state == state).then_some(events)
}

fn check_disclosure<'a>(
    n: usize,
    d: &'a DisclosureRecord,
    seen: &mut HashSet<&'a str>,
) -> Result<Dated<'a, ValidDisclosure>> {
    let broke = |field: &str| unreadable("disclosure", n, field);
    let stamp = Stamp {
        id: &d.id,
        created_at: &d.created_at,
        offset: d.utc_offset_minutes,
        local_date: &d.local_date,
        updated_at: d.updated_at.as_deref(),
    };
    let (id, written, updated_at) = dated("disclosure", n, stamp, seen)?;
    let valid = NewDisclosure {
        told_on: d.told_on.clone(),
        what: d.what.clone(),
        how_taken: d.how_taken.clone(),
        still_unsaid: d.still_unsaid.clone(),
    }
    .validate()
    .map_err(|error| {
        broke(match error {
            Error::DateUnreadable => "told_on",
            Error::DisclosureNeedsWords => "what",
            _ => text_field(
                &error,
                &[
                    ("what", &d.what),
                    ("how_taken", &d.how_taken),
                    ("still_unsaid", &d.still_unsaid),
                ],
                "what",
            ),
        })
    })?;
    if valid.told_on.is_none() {
        return Err(broke("told_on"));
    }
    Ok(Dated {
        id,
        written,
        updated_at,
        valid,
    })
}

fn check_revisit<'a>(n: usize, r: &'a RevisitRecord, seen: &mut HashSet<&'a str>) -> Result<Dated<'a, ValidRevisit>> {
    let broke = |field: &str| unreadable("revisit", n, field);
    let stamp = Stamp {
        id: &r.id,
        created_at: &r.created_at,
        offset: r.utc_offset_minutes,
        local_date: &r.local_date,
        updated_at: r.updated_at.as_deref(),
    };
    let (id, written, updated_at) = dated("revisit", n, stamp, seen)?;
    let valid = NewRevisit {
        happened_on: r.happened_on.clone(),
        needed: r.needed.clone(),
        responded: r.responded.clone(),
        next_time: r.next_time.clone(),
    }
    .validate()
    .map_err(|error| {
        broke(match error {
            Error::DateUnreadable => "happened_on",
            Error::RevisitNeedsWords => "needed",
            _ => text_field(
                &error,
                &[
                    ("needed", &r.needed),
                    ("responded", &r.responded),
                    ("next_time", &r.next_time),
                ],
                "needed",
            ),
        })
    })?;
    if valid.happened_on.is_none() {
        return Err(broke("happened_on"));
    }
    Ok(Dated {
        id,
        written,
        updated_at,
        valid,
    })
}

impl Store {
    /// The promises (with their histories), disclosures and revisits not deleted, oldest first,
    /// into `doc`.
    pub(super) fn export_trust(&self, doc: &mut Document) -> Result<()> {
        let mut histories: HashMap<i64, Vec<PromiseEventRecord>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT e.promise_id, e.at, e.utc_offset_min, e.state, e.note, e.terms
             FROM promise_event e JOIN promise p ON p.id = e.promise_id
             WHERE p.deleted_at IS NULL ORDER BY e.promise_id, e.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            histories.entry(row.get(0)?).or_default().push(PromiseEventRecord {
                at: row.get(1)?,
                utc_offset_minutes: row.get(2)?,
                state: row.get(3)?,
                note: row.get(4)?,
                terms: row.get(5)?,
            });
        }
        drop(rows);
        doc.promises = self
            .conn
            .prepare(
                "SELECT p.id, p.uuid, p.created_at, p.utc_offset_min, p.local_date, p.updated_at, p.asked,
                        p.committed, p.by_when, c.uuid, p.state
                 FROM promise p LEFT JOIN check_in c ON c.id = p.check_in_id AND c.deleted_at IS NULL
                 WHERE p.deleted_at IS NULL ORDER BY p.created_at, p.id",
            )?
            .query_map([], |row| {
                Ok(PromiseRecord {
                    id: row.get(1)?,
                    created_at: row.get(2)?,
                    utc_offset_minutes: row.get(3)?,
                    local_date: row.get(4)?,
                    updated_at: row.get(5)?,
                    asked: row.get(6)?,
                    committed: row.get(7)?,
                    by_when: row.get(8)?,
                    check_in: row.get(9)?,
                    state: row.get(10)?,
                    history: histories.remove(&row.get(0)?).unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        doc.disclosures = self
            .conn
            .prepare(
                "SELECT uuid, created_at, utc_offset_min, local_date, updated_at, told_on, what, how_taken,
                        still_unsaid
                 FROM disclosure WHERE deleted_at IS NULL ORDER BY created_at, id",
            )?
            .query_map([], |row| {
                Ok(DisclosureRecord {
                    id: row.get(0)?,
                    created_at: row.get(1)?,
                    utc_offset_minutes: row.get(2)?,
                    local_date: row.get(3)?,
                    updated_at: row.get(4)?,
                    told_on: row.get(5)?,
                    what: row.get(6)?,
                    how_taken: row.get(7)?,
                    still_unsaid: row.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        doc.revisits = self
            .conn
            .prepare(
                "SELECT uuid, created_at, utc_offset_min, local_date, updated_at, happened_on, needed, responded,
                        next_time
                 FROM revisit WHERE deleted_at IS NULL ORDER BY created_at, id",
            )?
            .query_map([], |row| {
                Ok(RevisitRecord {
                    id: row.get(0)?,
                    created_at: row.get(1)?,
                    utc_offset_minutes: row.get(2)?,
                    local_date: row.get(3)?,
                    updated_at: row.get(4)?,
                    happened_on: row.get(5)?,
                    needed: row.get(6)?,
                    responded: row.get(7)?,
                    next_time: row.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(())
    }

    pub(super) fn known_trust<'a>(&self, checked: &CheckedTrust<'a>) -> Result<KnownTrust<'a>> {
        let ids = |table: &str, wanted: &mut dyn Iterator<Item = &'a str>| self.ids_here(table, wanted);
        Ok(KnownTrust {
            promises: ids("promise", &mut checked.promises.iter().map(|p| p.record.id))?,
            disclosures: ids("disclosure", &mut checked.disclosures.iter().map(|d| d.id))?,
            revisits: ids("revisit", &mut checked.revisits.iter().map(|r| r.id))?,
        })
    }
}

fn offset_minutes(written: Written) -> i32 {
    written.offset.local_minus_utc() / 60
}

/// Writes the records this Tend doesn't have yet, in the import's transaction `tx`, after its
/// check-ins (a promise's link finds those too).
pub(super) fn write_trust(tx: &Transaction<'_>, checked: &CheckedTrust<'_>, known: &KnownTrust<'_>) -> Result<()> {
    let mut find_check_in = tx.prepare("SELECT id FROM check_in WHERE uuid = ?1 AND deleted_at IS NULL")?;
    for p in checked
        .promises
        .iter()
        .filter(|p| !known.promises.contains(p.record.id))
    {
        let check_in: Option<i64> = match p.check_in {
            None => None,
            Some(uuid) => find_check_in.query_row([uuid], |row| row.get(0)).optional()?,
        };
        let Dated {
            id,
            written,
            updated_at,
            valid,
        } = &p.record;
        tx.execute(
            "INSERT INTO promise (uuid, created_at, utc_offset_min, local_date, updated_at, asked, committed, by_when,
                 check_in_id, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id,
                format_instant(written.utc),
                offset_minutes(*written),
                written.local_date().to_string(),
                updated_at.map(format_instant),
                valid.asked,
                valid.committed,
                valid.by_when.map(|d| d.to_string()),
                check_in,
                p.state.as_str(),
            ],
        )?;
        let row = tx.last_insert_rowid();
        let mut event = tx.prepare_cached(
            "INSERT INTO promise_event (promise_id, at, utc_offset_min, state, note, terms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for e in &p.history {
            event.execute(params![
                row,
                format_instant(e.at.utc),
                offset_minutes(e.at),
                e.state.as_str(),
                e.note,
                e.terms
            ])?;
        }
        super::search::index_promise(tx, row)?;
    }
    for d in checked.disclosures.iter().filter(|d| !known.disclosures.contains(d.id)) {
        let v = &d.valid;
        tx.execute(
            "INSERT INTO disclosure (uuid, created_at, utc_offset_min, local_date, updated_at, told_on, what,
                 how_taken, still_unsaid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                d.id,
                format_instant(d.written.utc),
                offset_minutes(d.written),
                d.written.local_date().to_string(),
                d.updated_at.map(format_instant),
                v.told_on.map(|day| day.to_string()),
                v.what,
                v.how_taken,
                v.still_unsaid,
            ],
        )?;
        super::search::index_disclosure(tx, tx.last_insert_rowid())?;
    }
    for r in checked.revisits.iter().filter(|r| !known.revisits.contains(r.id)) {
        let v = &r.valid;
        tx.execute(
            "INSERT INTO revisit (uuid, created_at, utc_offset_min, local_date, updated_at, happened_on, needed,
                 responded, next_time)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                r.id,
                format_instant(r.written.utc),
                offset_minutes(r.written),
                r.written.local_date().to_string(),
                r.updated_at.map(format_instant),
                v.happened_on.map(|day| day.to_string()),
                v.needed,
                v.responded,
                v.next_time,
            ],
        )?;
        super::search::index_revisit(tx, tx.last_insert_rowid())?;
    }
    Ok(())
}
