//! The export as a folder of Markdown a person can read in any editor, without Tend: one file
//! per journal entry and one per day of check-ins.
//!
//! The folder appears whole or not at all: it is written under a hidden `.partial` name beside
//! where it goes, synced once (`syncfs`, not an fsync per file) and renamed into place. A
//! failure on the way (a full disk, a folder that can't be written) removes the partial folder
//! and returns the error. The folder and its files are the person's alone (modes 0700 and
//! 0600), so other accounts on the machine can't read them.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate};

use super::{CheckInRecord, Document, EntryRecord};
use crate::Result;
use crate::failpoint::failpoint;

/// The longest file-name slug taken from a title, in bytes: with the date, a `-NN` for a
/// name taken and `.md`, a name stays well inside the 255 bytes file systems allow, whatever
/// the script.
const SLUG_LIMIT: usize = 120;

/// Writes `doc` as a new folder in `into`, named `Tend export YYYY-MM-DD` after the day it was
/// exported (with ` (2)`, ` (3)`… when that name is taken), and answers its path. `progress`
/// hears `(files written, files in all)` after each file.
pub fn write_markdown_folder(doc: &Document, into: &Path, progress: &mut dyn FnMut(usize, usize)) -> Result<PathBuf> {
    let files = files_of(doc);
    let total = files.len();
    let day = doc
        .exported_at
        .get(..10)
        .filter(|day| is_date(day))
        .unwrap_or("undated");
    let base = format!("Tend export {day}");
    let prefix = format!(".{base}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".partial");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let partial = builder.tempdir_in(into)?;
    for part in ["journal", "check-ins"] {
        let mut folder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
        folder.create(partial.path().join(part))?;
    }
    for (done, (name, text)) in files.iter().enumerate() {
        let _file = write_private(&partial.path().join(name), text)?;
        // Without syncfs (not Linux), each file is synced as it is written.
        #[cfg(not(target_os = "linux"))]
        _file.sync_all()?;
        failpoint("markdown.file_written")?;
        progress(done + 1, total);
    }
    // One sync of the file system holding the folder makes every file's data durable before
    // the rename shows the folder; the folder's parent is synced after for the rename itself.
    #[cfg(target_os = "linux")]
    rustix::fs::syncfs(std::fs::File::open(partial.path())?).map_err(std::io::Error::from)?;
    let folder = place(partial, into, &base)?;
    std::fs::File::open(into)?.sync_all()?;
    Ok(folder)
}

/// Writes a new file readable by the person alone.
fn write_private(path: &Path, text: &str) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    Ok(file)
}

/// Renames the partial folder to the first free name.
fn place(partial: tempfile::TempDir, into: &Path, base: &str) -> Result<PathBuf> {
    for n in 1..1000 {
        let name = if n == 1 {
            base.to_owned()
        } else {
            format!("{base} ({n})")
        };
        let to = into.join(name);
        let placed = rename_new(partial.path(), &to);
        match placed {
            Ok(()) => {
                // Renamed away: there is nothing left for the guard to remove.
                let _ = partial.keep();
                return Ok(to);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists).into())
}

/// Renames `from` to `to` unless `to` is there. On Linux the kernel checks and renames in one
/// step (`RENAME_NOREPLACE`), so a folder made meanwhile under that name is never taken over
/// (a plain rename would replace an empty one); a file system without that flag, and other
/// systems, check first.
fn rename_new(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    match rustix::fs::renameat_with(
        rustix::fs::CWD,
        from,
        rustix::fs::CWD,
        to,
        rustix::fs::RenameFlags::NOREPLACE,
    ) {
        Err(rustix::io::Errno::INVAL) => {}
        done => return done.map_err(std::io::Error::from),
    }
    if to.symlink_metadata().is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    std::fs::rename(from, to)
}

/// Every file of the folder, by its path inside it, in the order written.
fn files_of(doc: &Document) -> Vec<(String, String)> {
    let mut taken = HashSet::new();
    let mut files = Vec::new();
    for entry in &doc.journal {
        let date = if is_date(&entry.local_date) {
            entry.local_date.as_str()
        } else {
            "undated"
        };
        let slug = Some(slug(&entry.title))
            .filter(|slug| !slug.is_empty())
            .unwrap_or_else(|| short_id(&entry.id));
        let name = unique(&mut taken, &format!("journal/{date}-{slug}"));
        files.push((name, entry_file(entry)));
    }
    let mut days: BTreeMap<&str, Vec<&CheckInRecord>> = BTreeMap::new();
    for check_in in &doc.check_ins {
        let date = if is_date(&check_in.local_date) {
            check_in.local_date.as_str()
        } else {
            "undated"
        };
        days.entry(date).or_default().push(check_in);
    }
    for (date, mut check_ins) in days {
        check_ins.sort_by(|a, b| a.created_at.cmp(&b.created_at));
        let name = unique(&mut taken, &format!("check-ins/{date}"));
        files.push((name, day_file(date, &check_ins)));
    }
    files
}

fn is_date(text: &str) -> bool {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() && text.len() == 10
}

/// `stem.md`, or `stem-2.md`, `stem-3.md`… when a name is taken. Names are compared folded to
/// lower case, since macOS and Windows folders treat `A.md` and `a.md` as one file.
fn unique(taken: &mut HashSet<String>, stem: &str) -> String {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        if taken.insert(name.to_lowercase()) {
            return name;
        }
        n += 1;
    }
}

/// A title as a file name: letters and digits of any script kept, lower-cased, anything else
/// (slashes, dots, spaces, controls) a single `-`. Nothing in it can leave the folder.
fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.len() > SLUG_LIMIT {
        slug.pop();
    }
    slug.trim_end_matches('-').to_owned()
}

/// The id's first eight letters and digits, for an entry with no title.
fn short_id(id: &str) -> String {
    let short: String = id.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    if short.is_empty() {
        "entry".to_owned()
    } else {
        short.to_lowercase()
    }
}

/// A JSON string is a YAML double-quoted scalar, so front matter written this way parses as
/// both.
fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn entry_file(entry: &EntryRecord) -> String {
    let mut out = String::new();
    let tags: Vec<String> = entry.tags.iter().map(|tag| quoted(tag)).collect();
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "id: {}", quoted(&entry.id));
    let _ = writeln!(out, "created: {}", quoted(&entry.created_at));
    let _ = writeln!(out, "updated: {}", quoted(&entry.updated_at));
    let _ = writeln!(out, "tags: [{}]", tags.join(", "));
    let check_in = entry.check_in.as_deref().map_or_else(|| "null".to_owned(), quoted);
    let _ = writeln!(out, "check_in: {check_in}");
    let _ = writeln!(out, "---");
    out.push('\n');
    if !entry.title.trim().is_empty() {
        // A title is one line; a newline in it would end the heading early.
        let _ = writeln!(out, "# {}\n", entry.title.replace(['\r', '\n'], " ").trim());
    }
    out.push_str(&entry.body);
    if !entry.body.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A day of check-ins: each one under its time of day, its answers in the words the check-in
/// screen uses.
fn day_file(date: &str, check_ins: &[&CheckInRecord]) -> String {
    let mut out = String::new();
    let ids: Vec<String> = check_ins.iter().map(|c| quoted(&c.id)).collect();
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "date: {}", quoted(date));
    let _ = writeln!(out, "check_ins: [{}]", ids.join(", "));
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "\n# Check-ins, {date}");
    for check_in in check_ins {
        let _ = writeln!(out, "\n## {}\n", time_of_day(check_in));
        let mut together = Vec::new();
        if let Some(minutes) = check_in.together_minutes {
            together.push(minutes_words(minutes));
        }
        if !check_in.activities.is_empty() {
            together.push(check_in.activities.join(", "));
        }
        if !together.is_empty() {
            let _ = writeln!(out, "**Time together:** {}\n", together.join(" · "));
        }
        if let Some(presence) = &check_in.presence {
            let words = match presence.as_str() {
                "elsewhere" => "Mostly elsewhere",
                "partly" => "Partly there",
                "fully" => "Fully there",
                other => other,
            };
            let _ = writeln!(out, "**How present you felt:** {words}\n");
        }
        if !check_in.feelings.is_empty() {
            let _ = writeln!(out, "**Your feelings:** {}\n", check_in.feelings.join(", "));
        }
        match check_in.partner_shared {
            Some(true) => out.push_str("Your partner shared something with you.\n\n"),
            Some(false) => out.push_str("Your partner didn’t share much this time.\n\n"),
            None => {}
        }
        for (label, text) in [
            ("They asked", &check_in.partner_asked),
            ("They seemed", &check_in.partner_seemed),
            ("Not said yet (private)", &check_in.unsaid),
            ("A note", &check_in.note),
        ] {
            if let Some(text) = text.as_deref().filter(|text| !text.trim().is_empty()) {
                let _ = writeln!(out, "**{label}:**\n\n{}\n", text.trim_end());
            }
        }
    }
    out
}

/// The time of day it was written, on the writer's clock (`14:05`).
fn time_of_day(check_in: &CheckInRecord) -> String {
    DateTime::parse_from_rfc3339(&check_in.created_at).map_or_else(
        |_| "A check-in".to_owned(),
        |at| {
            (at.naive_utc() + Duration::minutes(i64::from(check_in.utc_offset_minutes)))
                .format("%H:%M")
                .to_string()
        },
    )
}

/// "45 minutes", "1 hour", "2 hours 15 minutes".
fn minutes_words(total: i64) -> String {
    let unit = |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (hours, minutes) = (total / 60, total % 60);
    match (hours, minutes) {
        (0, m) => unit(m, "minute", "minutes"),
        (h, 0) => unit(h, "hour", "hours"),
        (h, m) => format!("{} {}", unit(h, "hour", "hours"), unit(m, "minute", "minutes")),
    }
}
