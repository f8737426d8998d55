//! Day One's JSON export read into Tend's [`Document`], so a person moving from Day One brings
//! their journal with them.
//!
//! Day One exports a `.zip` holding one JSON file per journal (`Journal.json`, or the journal's
//! name) and its photos; the JSON alone is accepted too. Each entry becomes an [`EntryRecord`]
//! with Day One's id, its times and zone, its text and its tags.
//!
//! Not brought over, since Tend has nowhere to keep them: photos, videos, audio and PDFs (and
//! their `dayone-moment://` links stay in the text as written), location, weather, `starred`,
//! `isPinned`, `richText` (the same words as `text`, with formatting), the device and editing
//! time, and the step counts and activity Day One records. Day One's other journals in the same
//! zip, beyond the first JSON file, are not read.

use std::io::{Cursor, Read};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use super::reading::{from_json, stamp, unreadable, unreadable_at};
use super::{Document, EntryRecord};
use crate::Result;

/// What Day One calls one item of its `entries`, in errors.
const NOUN: &str = "entry";

/// The largest JSON file read out of a zip (Day One's text, without photos, is far smaller).
const JSON_LIMIT: u64 = super::IMPORT_LIMIT;

#[derive(Deserialize)]
struct Export {
    entries: Vec<DayOneEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DayOneEntry {
    uuid: String,
    creation_date: String,
    #[serde(default)]
    modified_date: Option<String>,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    tags: Vec<String>,
}

/// Reads a Day One export: the `.zip` as Day One writes it, or its JSON file alone.
/// `exported_at` is the latest time an entry was changed (the file itself carries no such
/// time), or the start of 1970 for an empty journal.
pub fn read_day_one(bytes: &[u8]) -> Result<Document> {
    let export: Export = if bytes.starts_with(b"PK\x03\x04") {
        from_json(&journal_json(bytes)?, &[("entries", NOUN)])?
    } else {
        from_json(bytes, &[("entries", NOUN)])?
    };
    // An entry with no words (Day One keeps entries of photos alone) has nothing to bring.
    let journal = export
        .entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| entry_record(index, entry))
        .filter(|record| {
            record
                .as_ref()
                .map_or(true, |r| !(r.title.trim().is_empty() && r.body.trim().is_empty()))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Document::of_journal(journal))
}

/// The journal's JSON out of the zip: `Journal.json` if it is there, else the first `.json` at
/// the top level.
fn journal_json(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable("its zip"))?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|name| name.ok().map(|name| name.into_owned()))
        .collect();
    let top_level_json = |name: &&String| !name.contains('/') && name.to_lowercase().ends_with(".json");
    let name = names
        .iter()
        .find(|name| name.as_str() == "Journal.json")
        .or_else(|| {
            let mut found: Vec<&String> = names.iter().filter(top_level_json).collect();
            found.sort();
            found.first().copied()
        })
        .ok_or_else(|| unreadable("Journal.json"))?
        .clone();
    let file = archive.by_name(&name).map_err(|_| unreadable(&name))?;
    let mut json = Vec::new();
    file.take(JSON_LIMIT)
        .read_to_end(&mut json)
        .map_err(|_| unreadable(&name))?;
    Ok(json)
}

fn entry_record(index: usize, entry: DayOneEntry) -> Result<EntryRecord> {
    let id = uuid::Uuid::parse_str(&entry.uuid)
        .map_err(|_| unreadable_at(NOUN, index, "uuid"))?
        .hyphenated()
        .to_string();
    let created = instant(&entry.creation_date).ok_or_else(|| unreadable_at(NOUN, index, "creationDate"))?;
    let updated = match &entry.modified_date {
        Some(modified) => instant(modified).ok_or_else(|| unreadable_at(NOUN, index, "modifiedDate"))?,
        None => created,
    };
    // A zone Day One names that this build's tz database doesn't know is read as UTC, the
    // instant itself is still right.
    let zone = entry.time_zone.as_deref().and_then(|name| name.parse::<Tz>().ok());
    let created = stamp(created, zone);
    let updated = stamp(updated, zone);
    // The heading is found before unescaping, so an escaped `\#` stays body text.
    let (title, body) = split_title(&entry.text);
    let (title, body) = (unescape(&title), unescape(&body));
    Ok(EntryRecord {
        id,
        created_at: created.at,
        utc_offset_minutes: created.offset_minutes,
        local_date: created.local_date,
        updated_at: updated.at,
        updated_offset_minutes: updated.offset_minutes,
        title,
        body,
        tags: entry
            .tags
            .iter()
            .map(|tag| tag.trim().to_owned())
            .filter(|tag| !tag.is_empty())
            .collect(),
        check_in: None,
    })
}

/// Day One writes `2024-01-02T03:04:05Z`; any RFC 3339 instant is taken.
fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

/// Day One's text escapes Markdown punctuation it did not mean as Markdown (`3\. `, `\!`,
/// `\-`), as its editor writes rich text out; the backslash before any ASCII punctuation is
/// dropped, so `\\` reads as one backslash. Inside code, where a backslash was meant, it is
/// dropped too: Day One's export doesn't say which backslashes it added.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

/// A first line that is a level-one heading (`# A title`) is the title, taken off the body with
/// the blank lines after it; otherwise there is no title and the body is the whole text.
fn split_title(text: &str) -> (String, String) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    match first.trim_end_matches('\r').strip_prefix("# ") {
        // A heading longer than a title can be stays in the body, as written.
        Some(title) if !title.trim().is_empty() && title.trim().chars().count() <= crate::journal::TITLE_LIMIT => {
            // A closing run of `#` counts only after a space (`# Title #`, not `# C#`).
            let title = title.trim();
            let closed = title.trim_end_matches('#');
            let title = if closed.ends_with(' ') { closed.trim() } else { title };
            (title.to_owned(), rest.trim_start_matches(['\r', '\n']).to_owned())
        }
        _ => (String::new(), text.to_owned()),
    }
}
