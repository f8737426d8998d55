//! Data the person owns: Tend's export format (`docs/FORMAT.md`), writing it out as JSON, as a
//! folder of Markdown or as one `age` file, and reading it back in, with the exports of other
//! journals (Day One, jrnl) read into the same shape first.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod document;

pub use crate::store::{EXPORTED_COLUMNS, ImportPreview, Imported};
pub use document::{CheckInRecord, Document, EntryRecord, FORMAT, FORMAT_VERSION, PromptRecord};

use crate::{Error, Result};

/// The largest file an import reads: anything larger is refused before it is read whole.
pub const IMPORT_LIMIT: u64 = 200 * 1024 * 1024;

/// The bytes of the file at `path`, refused without reading it whole when it is larger than
/// [`IMPORT_LIMIT`] (also when it grows while being read).
pub fn read_limited(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|_| Error::ImportFileUnopened)?;
    if !file.metadata()?.is_file() {
        return Err(Error::ImportFileUnopened);
    }
    let too_large = Error::ImportTooLarge {
        limit_mb: IMPORT_LIMIT / (1024 * 1024),
    };
    let size = file.metadata()?.len();
    if size > IMPORT_LIMIT {
        return Err(too_large);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(IMPORT_LIMIT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > IMPORT_LIMIT {
        return Err(too_large);
    }
    Ok(bytes)
}

/// Which program a file to import came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportSource {
    Tend,
    DayOne,
    Jrnl,
}

/// The file to import, whichever program wrote it, read into Tend's document. `zone` is where
/// times without one are taken to have been written.
pub fn read_import(bytes: &[u8], _zone: chrono_tz::Tz) -> Result<(ImportSource, Document)> {
    /// Enough of a JSON file to tell whose it is.
    #[derive(Deserialize)]
    struct Peek {
        format: Option<String>,
    }
    let peek: Peek = serde_json::from_slice(bytes).map_err(|_| Error::ImportNotRecognised)?;
    match peek.format.as_deref() {
        Some(FORMAT) => Ok((ImportSource::Tend, read_tend(bytes)?)),
        _ => Err(Error::ImportNotRecognised),
    }
}

/// What an import would do, for the preview: whose file it is, what it adds, and (for a file
/// whose times carry no zone) the zone they are taken in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportPlan {
    pub source: ImportSource,
    pub adds: ImportPreview,
    pub zone: Option<String>,
    /// Whether the file's reminder settings would be taken (this Tend has none of its own).
    pub reminders: bool,
}

/// The reminder settings a document carries, checked as a save would check them.
pub fn imported_reminders(doc: &Document) -> Result<Option<crate::reminders::ReminderSettings>> {
    let broke = || Error::ImportUnreadable {
        record: "reminders".into(),
        field: "settings".into(),
    };
    let Some(value) = doc.reminders.as_ref().filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let settings: crate::reminders::ReminderSettings = serde_json::from_value(value.clone()).map_err(|_| broke())?;
    settings.validate().map_err(|_| broke())?;
    Ok(Some(settings))
}

/// A Tend export read from its JSON. Where it breaks, the error names the record and field
/// (`check-in 3`, `presence`) and never quotes the file.
pub fn read_tend(bytes: &[u8]) -> Result<Document> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let doc: Document = serde_path_to_error::deserialize(&mut json)
        .map_err(|error| where_it_broke(error.path(), &error.inner().to_string()))?;
    json.end().map_err(|_| Error::ImportUnreadable {
        record: "the end of the file".into(),
        field: "what follows the document".into(),
    })?;
    Ok(doc)
}

/// The record and field a serde path points at: `check_ins[2].presence` is check-in 3's
/// `presence`. A field missing (or one this format doesn't have) is named by serde's own
/// `message`, which quotes the field's name and nothing of its value.
fn where_it_broke(path: &serde_path_to_error::Path, message: &str) -> Error {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    let kind = |name: &str| match name {
        "check_ins" => "check-in",
        "journal" => "journal entry",
        "prompts" => "prompt",
        "hidden_prompts" => "hidden prompt",
        _ => "the document",
    };
    let name = |segment: &Segment| match segment {
        Segment::Map { key } | Segment::Enum { variant: key } => key.chars().take(40).collect(),
        Segment::Seq { index } => format!("item {}", index + 1),
        Segment::Unknown => "?".to_owned(),
    };
    let named_by_serde = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|start| message.strip_prefix(start)?.split('`').next())
        .map(|field| field.chars().take(40).collect::<String>());
    let (record, field) = match segments.as_slice() {
        [] => (
            "the document".to_owned(),
            named_by_serde.unwrap_or_else(|| "its shape".to_owned()),
        ),
        [Segment::Map { key }, Segment::Seq { index }, rest @ ..] => (
            format!("{} {}", kind(key), index + 1),
            rest.first()
                .map(|s| name(s))
                .or(named_by_serde)
                .unwrap_or_else(|| "its shape".to_owned()),
        ),
        [first, ..] => ("the document".to_owned(), name(first)),
    };
    Error::ImportUnreadable { record, field }
}

/// Writes `bytes` to `to` whole or not at all: into a temporary file beside it, synced, then
/// renamed into place (the folder synced too).
pub fn write_atomically(to: &Path, bytes: &[u8]) -> Result<()> {
    let dir = to
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new().prefix(".tend-export.").tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(to).map_err(|e| e.error)?;
    crate::vault::sync_dir(dir)
}

/// The document as Tend's JSON, indented so a person can read it.
pub fn tend_json(doc: &Document) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(doc).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The shapes an export takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// One JSON document, as docs/FORMAT.md describes.
    Json,
}

/// Writes `doc` as `kind` into `folder`, under a name with `day` in it that nothing there has
/// yet, whole or not at all. Answers where it went. `progress` hears (done, total) as it goes.
pub fn export_to(
    doc: &Document,
    kind: ExportKind,
    folder: &Path,
    day: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<PathBuf> {
    if !folder.is_dir() {
        return Err(Error::ExportFolderUnusable);
    }
    let (stem, extension) = match kind {
        ExportKind::Json => (format!("Tend export {day}"), ".json"),
    };
    let to = free_name(folder, &stem, extension);
    progress(0, 1);
    let written = match kind {
        ExportKind::Json => tend_json(doc).and_then(|bytes| write_atomically(&to, &bytes)),
    };
    written.map_err(|error| match error {
        Error::Io(io)
            if io.kind() == std::io::ErrorKind::PermissionDenied
                || io.kind() == std::io::ErrorKind::ReadOnlyFilesystem =>
        {
            Error::ExportFolderUnusable
        }
        other => other,
    })?;
    progress(1, 1);
    Ok(to)
}

/// `folder/stem extension`, or `folder/stem (2) extension` and so on when that is taken.
fn free_name(folder: &Path, stem: &str, extension: &str) -> PathBuf {
    let mut path = folder.join(format!("{stem}{extension}"));
    let mut n = 2;
    while path.exists() {
        path = folder.join(format!("{stem} ({n}){extension}"));
        n += 1;
    }
    path
}
