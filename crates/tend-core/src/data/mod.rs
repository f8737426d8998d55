//! Data the person owns: Tend's export format (`docs/FORMAT.md`), writing it out as JSON, as a
//! folder of Markdown or as one `age` file, and reading it back in, with the exports of other
//! journals (Day One, jrnl) read into the same shape first.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub mod day_one;
pub mod document;
pub mod jrnl;
pub mod markdown;
pub mod reading;
pub mod sealed;

pub use crate::store::{EXPORTED_COLUMNS, ImportPreview, Imported};
pub use day_one::read_day_one;
pub use document::{
    CheckInRecord, DisclosureRecord, Document, EntryRecord, FORMAT, FORMAT_VERSION, PromiseEventRecord, PromiseRecord,
    PromptRecord, RevisitRecord,
};
pub use jrnl::read_jrnl;
pub use markdown::write_markdown_folder;
pub use sealed::{read_age, write_age};

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
/// times without one are taken to have been written; `passphrase` opens an encrypted export.
pub fn read_import(
    bytes: &[u8],
    zone: chrono_tz::Tz,
    passphrase: Option<&secrecy::SecretString>,
) -> Result<(ImportSource, Document)> {
    // One of Tend's encrypted exports (or any age file of a Tend export): opened with the
    // passphrase it was written with, and read as what it holds.
    if bytes.starts_with(b"age-encryption.org/v1") {
        let passphrase = passphrase.ok_or(Error::ImportNeedsPassphrase)?;
        let plain = zeroize::Zeroizing::new(read_age(bytes, passphrase).map_err(|error| match error {
            Error::PassphraseNotAccepted => Error::ImportPassphraseNotAccepted,
            other => other,
        })?);
        return match read_import(&plain, zone, None)? {
            (ImportSource::Tend, doc) => Ok((ImportSource::Tend, doc)),
            _ => Err(Error::ImportNotRecognised),
        };
    }
    use serde::de::IgnoredAny;
    /// Enough of a JSON file to tell whose it is: Tend's says so, Day One's entries have a
    /// `creationDate`, jrnl's a `date` and a `time`.
    #[derive(Deserialize)]
    struct Peek {
        format: Option<String>,
        entries: Option<Vec<PeekEntry>>,
    }
    #[derive(Deserialize)]
    struct PeekEntry {
        #[serde(rename = "creationDate")]
        creation_date: Option<IgnoredAny>,
        date: Option<IgnoredAny>,
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok((ImportSource::DayOne, read_day_one(bytes)?));
    }
    let peek: Peek = serde_json::from_slice(bytes).map_err(|_| Error::ImportNotRecognised)?;
    let entries = peek.entries.unwrap_or_default();
    match peek.format.as_deref() {
        Some(FORMAT) => Ok((ImportSource::Tend, read_tend(bytes)?)),
        Some(_) => Err(Error::ImportNotRecognised),
        None if entries.iter().any(|e| e.creation_date.is_some()) => Ok((ImportSource::DayOne, read_day_one(bytes)?)),
        None if entries.iter().any(|e| e.date.is_some()) => Ok((ImportSource::Jrnl, read_jrnl(bytes, zone)?)),
        None => Err(Error::ImportNotRecognised),
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
    reading::from_json(
        bytes,
        &[
            ("check_ins", "check-in"),
            ("journal", "journal entry"),
            ("prompts", "prompt"),
            ("hidden_prompts", "hidden prompt"),
        ],
    )
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
    /// A folder of Markdown: one file per journal entry, one per day of check-ins.
    Markdown,
    /// The JSON document in one file encrypted with a passphrase, in the `age` format.
    Age,
}

/// Writes `doc` as `kind` into `folder`, under a name with `day` in it that nothing there has
/// yet, whole or not at all. Answers where it went. `progress` hears (done, total) as it goes.
pub fn export_to(
    doc: &Document,
    kind: ExportKind,
    folder: &Path,
    day: NaiveDate,
    passphrase: Option<&secrecy::SecretString>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<PathBuf> {
    if !folder.is_dir() {
        return Err(Error::ExportFolderUnusable);
    }
    let stem = format!("Tend export {day}");
    let written = match kind {
        ExportKind::Json => {
            let to = free_name(folder, &stem, ".json");
            progress(0, 1);
            tend_json(doc)
                .and_then(|bytes| write_atomically(&to, &bytes))
                .map(|()| to)
        }
        ExportKind::Markdown => write_markdown_folder(doc, folder, progress),
        ExportKind::Age => {
            let passphrase = passphrase.ok_or(Error::ExportNeedsPassphrase)?;
            let to = free_name(folder, &stem, ".json.age");
            progress(0, 1);
            let plain = zeroize::Zeroizing::new(tend_json(doc)?);
            write_age(&plain, passphrase, &to).map(|()| to)
        }
    };
    let to = written.map_err(|error| match error {
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
