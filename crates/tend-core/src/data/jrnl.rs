//! jrnl's JSON export (`jrnl --export json`) read into Tend's [`Document`].
//!
//! jrnl keeps wall-clock times with no zone and no ids. The times are read in the zone the
//! person says they were written in; each entry's id is a UUIDv5 of what it says and when, so
//! reading the same export twice gives the same ids and an import can tell it already has them.
//! `starred` and the export's tag counts are not brought over.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use uuid::Uuid;

use super::reading::{from_json, stamp, unreadable_at};
use super::{Document, EntryRecord};
use crate::Result;
use crate::reminders::resolve;

/// The namespace of the name-based ids of entries that came without one. Never changed: the
/// ids of entries already imported hang on it.
pub const IMPORT_NAMESPACE: Uuid = Uuid::from_u128(0x6c1f_4e0a_93b7_4d2e_8a55_1b7e_2f0c_9d41);

const NOUN: &str = "entry";

#[derive(Deserialize)]
struct Export {
    entries: Vec<JrnlEntry>,
}

#[derive(Deserialize)]
struct JrnlEntry {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    date: String,
    time: String,
    #[serde(default)]
    tags: Vec<String>,
}

/// Reads jrnl's JSON export, its times taken in `zone`. A time that never happened there (a
/// spring-forward gap) is read as the moment the clocks moved; one that happened twice (an
/// autumn fold) as the first. `exported_at` is the latest entry's time, or the start of 1970
/// for an empty journal.
pub fn read_jrnl(bytes: &[u8], zone: Tz) -> Result<Document> {
    let export: Export = from_json(bytes, &[("entries", NOUN)])?;
    let mut journal = export
        .entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| entry_record(index, entry, zone))
        .collect::<Result<Vec<_>>>()?;
    // The same words at the same minute, twice, are one entry (their id is their content).
    let mut seen = std::collections::HashSet::new();
    journal.retain(|entry| seen.insert(entry.id.clone()));
    Ok(Document::of_journal(journal))
}

fn entry_record(index: usize, entry: JrnlEntry, zone: Tz) -> Result<EntryRecord> {
    let date =
        NaiveDate::parse_from_str(entry.date.trim(), "%Y-%m-%d").map_err(|_| unreadable_at(NOUN, index, "date"))?;
    let time = NaiveTime::parse_from_str(entry.time.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(entry.time.trim(), "%H:%M:%S"))
        .map_err(|_| unreadable_at(NOUN, index, "time"))?;
    let local = NaiveDateTime::new(date, time);
    let written = stamp(resolve(zone, local).with_timezone(&Utc), Some(zone));
    Ok(EntryRecord {
        id: content_id(local, &entry.title, &entry.body).to_string(),
        created_at: written.at.clone(),
        utc_offset_minutes: written.offset_minutes,
        local_date: written.local_date,
        updated_at: written.at,
        updated_offset_minutes: written.offset_minutes,
        title: entry.title,
        body: entry.body,
        // jrnl keeps its tag symbol (`@` by default, `#` if so configured) on each tag.
        tags: entry
            .tags
            .iter()
            .map(|tag| tag.trim().trim_start_matches(['@', '#']).to_owned())
            .filter(|tag| !tag.is_empty())
            .collect(),
        check_in: None,
    })
}

/// The id of an entry that came without one: a UUIDv5 of its wall-clock time (to the second),
/// title and body, written as a JSON array so no two entries share a name. The zone is left
/// out: the same words at the same time are the same entry, whichever zone they are read in.
pub fn content_id(local: NaiveDateTime, title: &str, body: &str) -> Uuid {
    let at = local.format("%Y-%m-%dT%H:%M:%S").to_string();
    let name = serde_json::json!([at, title, body]).to_string();
    Uuid::new_v5(&IMPORT_NAMESPACE, name.as_bytes())
}
