//! The store read out as Tend's export document and a document read back in (`docs/FORMAT.md`).
//!
//! An import is checked whole before anything is written, then written in one transaction: a
//! record this Tend already has (the same id) is left as it is, so importing a file twice adds
//! nothing the second time, and a record that can't be kept refuses the whole file, naming it.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, FixedOffset, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

use super::check_ins::write_labels;
use super::trust_transfer::{CheckedTrust, KnownTrust};
use super::{Store, format_instant};
use crate::bounds::longer_than;
use crate::check_in::{ValidCheckIn, Written};
use crate::data::{CheckInRecord, Document, EntryRecord, PromptRecord};
use crate::journal::EntryDraft;
use crate::preferences::Preferences;
use crate::prompts::{PROMPT_KEY_LIMIT, PROMPT_LIMIT, Practice};
use crate::{Error, NewCheckIn, Result};

/// Every column the export carries, as `(table, column)`; docs/FORMAT.md lists the rest as
/// deliberately left out, and a test holds the two to the schema.
pub const EXPORTED_COLUMNS: &[(&str, &str)] = &[
    ("check_in", "uuid"),
    ("check_in", "created_at"),
    ("check_in", "utc_offset_min"),
    ("check_in", "local_date"),
    ("check_in", "updated_at"),
    ("check_in", "together_minutes"),
    ("check_in", "presence"),
    ("check_in", "partner_shared"),
    ("check_in", "partner_asked"),
    ("check_in", "unsaid"),
    ("check_in", "partner_seemed"),
    ("check_in", "note"),
    ("check_in_label", "check_in_id"),
    ("check_in_label", "kind"),
    ("check_in_label", "position"),
    ("check_in_label", "label"),
    ("journal_entry", "uuid"),
    ("journal_entry", "created_at"),
    ("journal_entry", "utc_offset_min"),
    ("journal_entry", "local_date"),
    ("journal_entry", "updated_at"),
    ("journal_entry", "updated_offset_min"),
    ("journal_entry", "title"),
    ("journal_entry", "body"),
    ("journal_entry", "tags"),
    ("journal_entry", "check_in_id"),
    ("journal_prompt", "uuid"),
    ("journal_prompt", "practice"),
    ("journal_prompt", "text"),
    ("journal_prompt_hidden", "key"),
    ("preference", "key"),
    ("preference", "value"),
    ("promise", "uuid"),
    ("promise", "created_at"),
    ("promise", "utc_offset_min"),
    ("promise", "local_date"),
    ("promise", "updated_at"),
    ("promise", "asked"),
    ("promise", "committed"),
    ("promise", "by_when"),
    ("promise", "check_in_id"),
    ("promise", "state"),
    ("promise_event", "at"),
    ("promise_event", "utc_offset_min"),
    ("promise_event", "state"),
    ("promise_event", "note"),
    ("promise_event", "terms"),
    ("disclosure", "uuid"),
    ("disclosure", "created_at"),
    ("disclosure", "utc_offset_min"),
    ("disclosure", "local_date"),
    ("disclosure", "updated_at"),
    ("disclosure", "told_on"),
    ("disclosure", "what"),
    ("disclosure", "how_taken"),
    ("disclosure", "still_unsaid"),
    ("revisit", "uuid"),
    ("revisit", "created_at"),
    ("revisit", "utc_offset_min"),
    ("revisit", "local_date"),
    ("revisit", "updated_at"),
    ("revisit", "happened_on"),
    ("revisit", "needed"),
    ("revisit", "responded"),
    ("revisit", "next_time"),
];

/// What a document would add, said before anything is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ImportPreview {
    /// New records, and those this Tend already has (left as they are).
    pub check_ins: usize,
    pub entries: usize,
    pub prompts: usize,
    pub promises: usize,
    pub disclosures: usize,
    pub revisits: usize,
    pub already_here: usize,
    /// The first and last day among the new records (YYYY-MM-DD), if any.
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    /// Whether the file's choices about Tend (preferences, reminder settings) would be taken:
    /// only those this Tend hasn't made for itself.
    pub preferences: bool,
}

/// What an import added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Imported {
    pub check_ins: usize,
    pub entries: usize,
    pub prompts: usize,
    pub promises: usize,
    pub disclosures: usize,
    pub revisits: usize,
    pub already_here: usize,
}

impl Store {
    /// Everything this Tend holds as an export document written `now`, deleted records (still
    /// in their undo window) aside. `reminders` is the reminder settings, kept outside the
    /// database.
    pub fn export_document(&self, reminders: Option<serde_json::Value>, now: DateTime<Utc>) -> Result<Document> {
        let mut doc = Document::empty(format_instant(now));
        doc.check_ins = self.export_check_ins()?;
        doc.journal = self
            .conn
            .prepare(
                "SELECT j.uuid, j.created_at, j.utc_offset_min, j.local_date, j.updated_at, j.updated_offset_min,
                        j.title, j.body, j.tags, c.uuid
                 FROM journal_entry j LEFT JOIN check_in c ON c.id = j.check_in_id AND c.deleted_at IS NULL
                 WHERE j.deleted_at IS NULL ORDER BY j.created_at, j.id",
            )?
            .query_map([], |row| {
                let tags: String = row.get(8)?;
                Ok(EntryRecord {
                    id: row.get(0)?,
                    created_at: row.get(1)?,
                    utc_offset_minutes: row.get(2)?,
                    local_date: row.get(3)?,
                    updated_at: row.get(4)?,
                    updated_offset_minutes: row.get(5)?,
                    title: row.get(6)?,
                    body: row.get(7)?,
                    tags: serde_json::from_str(&tags).unwrap_or_default(),
                    check_in: row.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let own: Vec<(i64, PromptRecord)> = self
            .conn
            .prepare("SELECT id, uuid, practice, text FROM journal_prompt ORDER BY id")?
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    PromptRecord {
                        id: row.get(1)?,
                        practice: row.get(2)?,
                        text: row.get(3)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let names: HashMap<String, &str> = own
            .iter()
            .map(|(id, prompt)| (format!("own:{id}"), prompt.id.as_str()))
            .collect();
        let mut hidden: Vec<String> = self
            .conn
            .prepare("SELECT key FROM journal_prompt_hidden")?
            .query_map([], |row| row.get::<_, String>(0))?
            .filter_map(|key| match key {
                // A hidden prompt of their own that is gone is nothing to carry.
                Ok(key) if key.starts_with("own:") => names.get(&key).map(|uuid| Ok(format!("own:{uuid}"))),
                other => Some(other),
            })
            .collect::<rusqlite::Result<_>>()?;
        hidden.sort();
        doc.hidden_prompts = hidden;
        doc.prompts = own.into_iter().map(|(_, prompt)| prompt).collect();
        doc.preferences = self
            .conn
            .prepare("SELECT key, value FROM preference ORDER BY key")?
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
            .filter_map(|pair| match pair {
                Ok((key, value)) => serde_json::from_str(&value).ok().map(|value| Ok((key, value))),
                Err(error) => Some(Err(error)),
            })
            .collect::<rusqlite::Result<BTreeMap<_, _>>>()?;
        doc.reminders = reminders;
        self.export_trust(&mut doc)?;
        Ok(doc)
    }

    fn export_check_ins(&self) -> Result<Vec<CheckInRecord>> {
        let mut labels: HashMap<i64, (Vec<String>, Vec<String>)> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT l.check_in_id, l.kind, l.label FROM check_in_label l JOIN check_in c ON c.id = l.check_in_id
             WHERE c.deleted_at IS NULL ORDER BY l.check_in_id, l.kind, l.position",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (activities, feelings) = labels.entry(row.get(0)?).or_default();
            let kind: String = row.get(1)?;
            match kind.as_str() {
                "activity" => activities.push(row.get(2)?),
                _ => feelings.push(row.get(2)?),
            }
        }
        let check_ins = self
            .conn
            .prepare(
                "SELECT id, uuid, created_at, utc_offset_min, local_date, updated_at, together_minutes, presence,
                        partner_shared, partner_asked, unsaid, partner_seemed, note
                 FROM check_in WHERE deleted_at IS NULL ORDER BY created_at, id",
            )?
            .query_map([], |row| {
                let (activities, feelings) = labels.remove(&row.get(0)?).unwrap_or_default();
                Ok(CheckInRecord {
                    id: row.get(1)?,
                    created_at: row.get(2)?,
                    utc_offset_minutes: row.get(3)?,
                    local_date: row.get(4)?,
                    updated_at: row.get(5)?,
                    together_minutes: row.get(6)?,
                    activities,
                    presence: row.get(7)?,
                    partner_shared: row.get(8)?,
                    partner_asked: row.get(9)?,
                    unsaid: row.get(10)?,
                    feelings,
                    partner_seemed: row.get(11)?,
                    note: row.get(12)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(check_ins)
    }

    /// What importing `doc` would add, without writing anything. A record that can't be kept
    /// is an error naming it, as [`Store::import_document`] would give.
    pub fn preview_import(&self, doc: &Document) -> Result<ImportPreview> {
        let checked = Checked::from(doc)?;
        let known = self.known(&checked)?;
        let new_days = checked
            .check_ins
            .iter()
            .filter(|c| !known.check_ins.contains(c.id))
            .map(|c| c.written.local_date())
            .chain(
                checked
                    .entries
                    .iter()
                    .filter(|e| !known.entries.contains(e.id))
                    .map(|e| e.written.local_date()),
            );
        let (first, last) = new_days.fold((None, None), |(first, last), day| {
            (
                Some(first.map_or(day, |f: chrono::NaiveDate| f.min(day))),
                Some(last.map_or(day, |l: chrono::NaiveDate| l.max(day))),
            )
        });
        let preferences_here: HashSet<String> = self
            .conn
            .prepare("SELECT key FROM preference")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let counts = checked.counts(&known);
        Ok(ImportPreview {
            check_ins: counts.check_ins,
            entries: counts.entries,
            prompts: counts.prompts,
            promises: counts.promises,
            disclosures: counts.disclosures,
            revisits: counts.revisits,
            already_here: counts.already_here,
            first_day: first.map(|d| d.to_string()),
            last_day: last.map(|d| d.to_string()),
            preferences: doc.preferences.keys().any(|key| !preferences_here.contains(key)),
        })
    }

    /// Adds every record of `doc` this Tend doesn't have yet, all in one transaction: all of
    /// it, or (on any error) nothing. Preferences are taken only where this Tend has none.
    pub fn import_document(&mut self, doc: &Document) -> Result<Imported> {
        let checked = Checked::from(doc)?;
        let known = self.known(&checked)?;
        let counts = checked.counts(&known);
        self.write_import(&checked, &known)?;
        Ok(counts)
    }

    fn write_import(&mut self, checked: &Checked<'_>, known: &Known<'_>) -> Result<()> {
        let tx = self.conn.transaction()?;
        // The rows are indexed together at the end (search.rs says why), with the triggers that
        // index one row at a time dropped meanwhile and made again, word for word, before the
        // commit; any error rolls the drop back with the rest.
        let last = |table: &str| -> rusqlite::Result<i64> {
            tx.query_row(&format!("SELECT coalesce(max(id), 0) FROM {table}"), [], |row| {
                row.get(0)
            })
        };
        let (entries_before, check_ins_before) = (last("journal_entry")?, last("check_in")?);
        let mut triggers = Vec::new();
        for name in super::search::ROW_INDEXING_TRIGGERS {
            let sql: String = tx.query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                [name],
                |row| row.get(0),
            )?;
            tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
            triggers.push(sql);
        }
        let mut check_in_ids: HashMap<&str, i64> = HashMap::new();
        for c in checked.check_ins.iter().filter(|c| !known.check_ins.contains(c.id)) {
            let a = &c.answers;
            tx.prepare_cached(
                "INSERT INTO check_in (uuid, created_at, utc_offset_min, local_date, updated_at, together_minutes,
                     presence, partner_shared, partner_asked, unsaid, partner_seemed, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                c.id,
                format_instant(c.written.utc),
                c.written.offset.local_minus_utc() / 60,
                c.written.local_date().to_string(),
                c.updated_at.map(format_instant),
                a.together_minutes,
                a.presence.map(crate::Presence::as_str),
                a.partner_shared,
                a.partner_asked,
                a.unsaid,
                a.partner_seemed,
                a.note,
            ])?;
            let id = tx.last_insert_rowid();
            write_labels(&tx, id, a)?;
            check_in_ids.insert(c.id, id);
        }
        let mut find_check_in = tx.prepare("SELECT id FROM check_in WHERE uuid = ?1 AND deleted_at IS NULL")?;
        for e in checked.entries.iter().filter(|e| !known.entries.contains(e.id)) {
            let check_in = match e.check_in {
                None => None,
                Some(uuid) => match check_in_ids.get(uuid) {
                    Some(id) => Some(*id),
                    None => find_check_in.query_row([uuid], |row| row.get::<_, i64>(0)).optional()?,
                },
            };
            let tags = serde_json::to_string(&e.draft.tags).map_err(std::io::Error::other)?;
            tx.prepare_cached(
                "INSERT INTO journal_entry (uuid, created_at, utc_offset_min, local_date, updated_at, updated_offset_min,
                     title, body, tags, check_in_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                    e.id,
                    format_instant(e.written.utc),
                    e.written.offset.local_minus_utc() / 60,
                    e.written.local_date().to_string(),
                    format_instant(e.updated.utc),
                    e.updated.offset.local_minus_utc() / 60,
                    e.draft.title,
                    e.draft.body,
                    tags,
                    check_in
                ])?;
        }
        drop(find_check_in);
        for p in checked.prompts.iter().filter(|p| !known.prompts.contains(p.id)) {
            tx.execute(
                "INSERT INTO journal_prompt (uuid, practice, text) VALUES (?1, ?2, ?3)",
                params![p.id, p.practice.as_str(), p.text],
            )?;
        }
        for key in &checked.hidden {
            let key = match key.strip_prefix("own:") {
                Some(uuid) => {
                    let id: Option<i64> = tx
                        .query_row("SELECT id FROM journal_prompt WHERE uuid = ?1", [uuid], |row| {
                            row.get(0)
                        })
                        .optional()?;
                    match id {
                        Some(id) => format!("own:{id}"),
                        None => continue,
                    }
                }
                None => key.clone(),
            };
            tx.execute("INSERT OR IGNORE INTO journal_prompt_hidden (key) VALUES (?1)", [key])?;
        }
        for (key, value) in &checked.preferences {
            tx.execute(
                "INSERT OR IGNORE INTO preference (key, value) VALUES (?1, ?2)",
                params![key, value],
            )?;
        }
        super::trust_transfer::write_trust(&tx, &checked.trust, &known.trust)?;
        super::search::index_rows_after(&tx, entries_before, check_ins_before)?;
        for sql in triggers {
            tx.execute_batch(&sql)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Which of `checked`'s records this Tend already has, deleted ones included (a record
    /// deleted here stays deleted).
    fn known<'a>(&self, checked: &Checked<'a>) -> Result<Known<'a>> {
        let ids = |table: &str, wanted: &mut dyn Iterator<Item = &'a str>| self.ids_here(table, wanted);
        Ok(Known {
            check_ins: ids("check_in", &mut checked.check_ins.iter().map(|c| c.id))?,
            entries: ids("journal_entry", &mut checked.entries.iter().map(|e| e.id))?,
            prompts: ids("journal_prompt", &mut checked.prompts.iter().map(|p| p.id))?,
            trust: self.known_trust(&checked.trust)?,
        })
    }
}

impl Store {
    /// Which of the stable ids `wanted` name a row of `table` here, deleted ones included.
    pub(super) fn ids_here<'a>(
        &self,
        table: &str,
        wanted: &mut dyn Iterator<Item = &'a str>,
    ) -> Result<HashSet<&'a str>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT 1 FROM {table} WHERE uuid = ?1"))?;
        let mut found = HashSet::new();
        for id in wanted {
            if stmt.exists([id])? {
                found.insert(id);
            }
        }
        Ok(found)
    }
}

struct Known<'a> {
    check_ins: HashSet<&'a str>,
    entries: HashSet<&'a str>,
    prompts: HashSet<&'a str>,
    trust: KnownTrust<'a>,
}

/// A document whose every record has been checked as a save would check it.
struct Checked<'a> {
    check_ins: Vec<CheckedCheckIn<'a>>,
    entries: Vec<CheckedEntry<'a>>,
    prompts: Vec<CheckedPrompt<'a>>,
    hidden: Vec<String>,
    preferences: Vec<(&'a str, String)>,
    trust: CheckedTrust<'a>,
}

struct CheckedCheckIn<'a> {
    id: &'a str,
    written: Written,
    updated_at: Option<DateTime<Utc>>,
    answers: ValidCheckIn,
}

struct CheckedEntry<'a> {
    id: &'a str,
    written: Written,
    updated: Written,
    draft: EntryDraft,
    check_in: Option<&'a str>,
}

struct CheckedPrompt<'a> {
    id: &'a str,
    practice: Practice,
    text: &'a str,
}

/// Where a record broke: `record` is its kind and place in the file (counted from 1).
pub(super) fn unreadable(record: &str, n: usize, field: &str) -> Error {
    Error::ImportUnreadable {
        record: format!("{record} {}", n + 1),
        field: field.to_owned(),
    }
}

impl<'a> Checked<'a> {
    fn from(doc: &'a Document) -> Result<Checked<'a>> {
        if doc.version > crate::data::FORMAT_VERSION {
            return Err(Error::ImportNewerFormat { found: doc.version });
        }
        if doc.format != crate::data::FORMAT {
            return Err(Error::ImportNotRecognised);
        }
        let mut seen = HashSet::new();
        let mut check_ins = Vec::with_capacity(doc.check_ins.len());
        for (n, c) in doc.check_ins.iter().enumerate() {
            let broke = |field: &str| unreadable("check-in", n, field);
            let id = stable_id(&c.id, &mut seen).ok_or_else(|| broke("id"))?;
            let written = moment(&c.created_at, c.utc_offset_minutes).ok_or_else(|| broke("created_at"))?;
            if written.local_date().to_string() != c.local_date {
                return Err(broke("local_date"));
            }
            let updated_at = match &c.updated_at {
                None => None,
                Some(text) => Some(instant(text).ok_or_else(|| broke("updated_at"))?),
            };
            let new = NewCheckIn {
                together_minutes: c.together_minutes,
                activities: c.activities.clone(),
                presence: c.presence.clone(),
                partner_shared: c.partner_shared,
                partner_asked: c.partner_asked.clone().unwrap_or_default(),
                unsaid: c.unsaid.clone().unwrap_or_default(),
                feelings: c.feelings.clone(),
                partner_seemed: c.partner_seemed.clone().unwrap_or_default(),
                note: c.note.clone().unwrap_or_default(),
            };
            let answers = new.validate().map_err(|error| broke(check_in_field(&error, &new)))?;
            check_ins.push(CheckedCheckIn {
                id,
                written,
                updated_at,
                answers,
            });
        }
        let in_file: HashSet<&str> = check_ins.iter().map(|c| c.id).collect();
        let mut seen = HashSet::new();
        let mut entries = Vec::with_capacity(doc.journal.len());
        for (n, e) in doc.journal.iter().enumerate() {
            let broke = |field: &str| unreadable("journal entry", n, field);
            let id = stable_id(&e.id, &mut seen).ok_or_else(|| broke("id"))?;
            let written = moment(&e.created_at, e.utc_offset_minutes).ok_or_else(|| broke("created_at"))?;
            if written.local_date().to_string() != e.local_date {
                return Err(broke("local_date"));
            }
            let updated = moment(&e.updated_at, e.updated_offset_minutes).ok_or_else(|| broke("updated_at"))?;
            let draft = EntryDraft {
                title: e.title.clone(),
                body: e.body.clone(),
                tags: e.tags.clone(),
                check_in_id: None,
            }
            .validate()
            .map_err(|error| {
                broke(match error {
                    Error::EntryTooLarge { .. } => "body",
                    Error::TitleTooLong { .. } => "title",
                    Error::EmptyEntry => "body",
                    _ => "tags",
                })
            })?;
            // A link to a check-in neither here nor in the file is let go when written.
            let check_in = match &e.check_in {
                None => None,
                Some(uuid) => Some(
                    in_file
                        .get(uuid.as_str())
                        .copied()
                        .or_else(|| uuid::Uuid::parse_str(uuid).ok().map(|_| uuid.as_str()))
                        .ok_or_else(|| broke("check_in"))?,
                ),
            };
            entries.push(CheckedEntry {
                id,
                written,
                updated,
                draft,
                check_in,
            });
        }
        let mut seen = HashSet::new();
        let mut prompts = Vec::with_capacity(doc.prompts.len());
        for (n, p) in doc.prompts.iter().enumerate() {
            let broke = |field: &str| unreadable("prompt", n, field);
            let id = stable_id(&p.id, &mut seen).ok_or_else(|| broke("id"))?;
            let practice = Practice::parse(&p.practice).ok_or_else(|| broke("practice"))?;
            let text = p.text.trim();
            if longer_than(&p.text, PROMPT_LIMIT) || text.is_empty() {
                return Err(broke("text"));
            }
            prompts.push(CheckedPrompt { id, practice, text });
        }
        let mut hidden = Vec::with_capacity(doc.hidden_prompts.len());
        for (n, key) in doc.hidden_prompts.iter().enumerate() {
            if longer_than(key, PROMPT_KEY_LIMIT) {
                return Err(unreadable("hidden prompt", n, "key"));
            }
            hidden.push(key.clone());
        }
        let mut preferences = Vec::with_capacity(doc.preferences.len());
        for (key, value) in &doc.preferences {
            // The key is the file's word: not said.
            let broke = || Error::ImportUnreadable {
                record: "preferences".into(),
                field: "a preference".into(),
            };
            // The one preference this build knows is checked as a save checks it; one from a
            // newer Tend is kept as it came, as that Tend wrote it.
            if key == "preferences" {
                let known: Preferences = serde_json::from_value(value.clone()).map_err(|_| broke())?;
                known.check().map_err(|_| broke())?;
            }
            preferences.push((key.as_str(), serde_json::to_string(value).map_err(|_| broke())?));
        }
        Ok(Checked {
            check_ins,
            entries,
            prompts,
            hidden,
            preferences,
            trust: CheckedTrust::from(doc)?,
        })
    }

    fn counts(&self, known: &Known<'_>) -> Imported {
        let check_ins = self
            .check_ins
            .iter()
            .filter(|c| !known.check_ins.contains(c.id))
            .count();
        let entries = self.entries.iter().filter(|e| !known.entries.contains(e.id)).count();
        let prompts = self.prompts.iter().filter(|p| !known.prompts.contains(p.id)).count();
        let trust = self.trust.new_here(&known.trust);
        Imported {
            check_ins,
            entries,
            prompts,
            promises: trust.promises,
            disclosures: trust.disclosures,
            revisits: trust.revisits,
            already_here: self.check_ins.len() + self.entries.len() + self.prompts.len() + self.trust.len()
                - check_ins
                - entries
                - prompts
                - trust.promises
                - trust.disclosures
                - trust.revisits,
        }
    }
}

/// A record's id, if it is a UUID not seen before in the file (in its standard form).
pub(super) fn stable_id<'a>(id: &'a str, seen: &mut HashSet<&'a str>) -> Option<&'a str> {
    let parsed = uuid::Uuid::parse_str(id).ok()?;
    (parsed.to_string() == id && seen.insert(id)).then_some(id)
}

/// An RFC 3339 instant in UTC.
pub(super) fn instant(text: &str) -> Option<DateTime<Utc>> {
    Some(DateTime::parse_from_rfc3339(text).ok()?.with_timezone(&Utc))
}

/// The moment `created_at` (UTC) at the writer's offset of `minutes`, within the offsets the
/// schema keeps (±18 h).
pub(super) fn moment(created_at: &str, minutes: i32) -> Option<Written> {
    if !(-1080..=1080).contains(&minutes) {
        return None;
    }
    Some(Written {
        utc: instant(created_at)?,
        offset: FixedOffset::east_opt(minutes * 60)?,
    })
}

/// Which of a check-in's fields [`NewCheckIn::validate`] refused.
fn check_in_field(error: &Error, new: &NewCheckIn) -> &'static str {
    let long = |text: &str| longer_than(text, crate::check_in::NOTE_LIMIT);
    match error {
        Error::MinutesOutOfRange { .. } => "together_minutes",
        Error::UnknownPresence => "presence",
        Error::LabelTooLong { .. } | Error::TooManyLabels { .. } => {
            let activities = NewCheckIn {
                activities: new.activities.clone(),
                ..NewCheckIn::note("-")
            };
            if activities.validate().is_err() {
                "activities"
            } else {
                "feelings"
            }
        }
        Error::NoteTooLong { .. } if long(&new.partner_asked) => "partner_asked",
        Error::NoteTooLong { .. } if long(&new.unsaid) => "unsaid",
        Error::NoteTooLong { .. } if long(&new.partner_seemed) => "partner_seemed",
        Error::NoteTooLong { .. } => "note",
        _ => "answers",
    }
}
