//! Reading an imported file's JSON, and saying where it broke without saying what it held.
//!
//! Every reader (Tend's own export, Day One's, jrnl's) answers a file it can't read with one
//! error, [`Error::ImportUnreadable`], naming the record as a person counts it ("entry 3") and
//! the field as the file spells it. serde's own messages quote the file ("invalid type: string
//! \"…\""), and the file is private words, so they are never passed on.

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::{Error, Result};

/// What the whole file is called when the trouble is not in one record.
pub const WHOLE_FILE: &str = "the file";

/// The error for `field` of the `index`th (from 0) record, called `noun` ("entry").
pub fn unreadable_at(noun: &str, index: usize, field: &str) -> Error {
    Error::ImportUnreadable {
        record: format!("{noun} {}", index + 1),
        field: field.to_owned(),
    }
}

/// The error for trouble in the file as a whole (`what`: "its JSON", "Journal.json").
pub fn unreadable(what: &str) -> Error {
    Error::ImportUnreadable {
        record: WHOLE_FILE.to_owned(),
        field: what.to_owned(),
    }
}

/// Reads `bytes` as JSON into `T`. `nouns` says what one item of each list is called, by the
/// list's key (`("entries", "entry")`), so a failure in `entries[2].creationDate` reads
/// "entry 3, creationDate".
pub fn from_json<T: DeserializeOwned>(bytes: &[u8], nouns: &[(&str, &str)]) -> Result<T> {
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut reader).map_err(|error| {
        let path = error.path().clone();
        locate(&path, error.into_inner(), nouns)
    })?;
    // Trailing text after the document is a file that isn't only JSON.
    reader.end().map_err(|_| unreadable("its JSON"))?;
    Ok(value)
}

fn locate(path: &serde_path_to_error::Path, error: serde_json::Error, nouns: &[(&str, &str)]) -> Error {
    use serde_json::error::Category;
    if matches!(error.classify(), Category::Syntax | Category::Eof | Category::Io) {
        return unreadable("its JSON");
    }
    // The innermost list item named in `nouns` is the record; the keys below it are the field.
    let segments: Vec<&Segment> = path.iter().collect();
    let mut record = None;
    for (at, pair) in segments.windows(2).enumerate() {
        if let (Segment::Map { key }, Segment::Seq { index }) = (pair[0], pair[1])
            && let Some((_, noun)) = nouns.iter().find(|(list, _)| list == key)
        {
            record = Some((at + 2, format!("{noun} {}", index + 1)));
        }
    }
    let (below, record) = record.unwrap_or((0, WHOLE_FILE.to_owned()));
    let mut field: Vec<String> = segments[below..]
        .iter()
        .filter_map(|segment| match segment {
            Segment::Map { key } => Some(key.clone()),
            Segment::Seq { index } => Some(format!("item {}", index + 1)),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect();
    // A missing field is reported at the record that lacks it; its name is ours (a field the
    // reader asks for), so it can be said. An unknown field's name is the file's, so it is not.
    let message = error.to_string();
    if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        field.push(name.to_owned());
    } else if message.starts_with("unknown field") {
        // The path ends at the unknown key itself: the file's word, not said.
        field.pop();
        field.push("a field Tend doesn't know".to_owned());
    }
    let field = if field.is_empty() {
        "its shape".to_owned()
    } else {
        field.join(".")
    };
    Error::ImportUnreadable { record, field }
}

/// An instant as the export keeps it: RFC 3339 UTC to the millisecond, the offset `zone` had
/// then (0 without one), and the day as lived at that offset.
pub(crate) struct Stamp {
    pub at: String,
    pub offset_minutes: i32,
    pub local_date: String,
}

pub(crate) fn stamp(utc: chrono::DateTime<chrono::Utc>, zone: Option<chrono_tz::Tz>) -> Stamp {
    use chrono::{Offset, SecondsFormat, TimeZone};
    let offset_seconds = zone.map_or(0, |zone| {
        zone.offset_from_utc_datetime(&utc.naive_utc()).fix().local_minus_utc()
    });
    let local = utc.naive_utc() + chrono::Duration::seconds(i64::from(offset_seconds));
    Stamp {
        at: utc.to_rfc3339_opts(SecondsFormat::Millis, true),
        offset_minutes: offset_seconds / 60,
        local_date: local.date().format("%Y-%m-%d").to_string(),
    }
}
