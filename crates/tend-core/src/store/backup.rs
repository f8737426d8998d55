//! Every copy Tend makes of its database goes through here: the daily one, the one before each
//! migration, and the one before a restore.
//!
//! - **Writing** ([`write_backup`]): a consistent copy (`VACUUM INTO`, or `sqlcipher_export`
//!   under the database's own key) goes to `<name>.db.converting`, is synced, and is renamed
//!   `<name>.db` once whole; the folder is synced. An encrypted copy has its key file beside it,
//!   `<name>.key`, written before the copy is renamed in, so a backup folder taken to another
//!   computer opens with the passphrase or the recovery key. A crash leaves no half copy under a
//!   name that lists ([`settle`] clears what it left).
//! - **Names** say the kind and when, to the millisecond: `tend-daily-<stamp>.db`,
//!   `tend-vA-before-vB-<stamp>.db`, `tend-before-restore-<stamp>.db` (`…-<stamp>-2.db` for a
//!   second in the same millisecond).
//! - **Rotation** ([`prune`]): the newest [`KEEP_DAILY`] daily copies, and the newest copy of
//!   each other name (per migration, and before a restore), are kept; older ones go with their
//!   key files, so deleted words do not live on. What was just written is never among them.
//! - **Where**: `<data dir>/backups`, or a folder the person chose, kept in
//!   `backup-folder.json` in the data directory (outside the database, so the recovery screen
//!   can list copies while the database is locked or damaged). Copies in both are listed.
//! - **Restoring** ([`restore_backup`]): the current database is kept as a copy first; the chosen
//!   copy is checked, written under the database's own key as `tend.db.restoring` (with the key
//!   file as `tend.key.restoring`), synced, and a marker, `tend.restoring`, is renamed into
//!   place: the commit point. Then the database, then the key file, are renamed in, and the
//!   marker goes. A crash before the marker leaves the database as it was ([`settle`] clears the
//!   staged files); after it, [`settle`] finishes the swap. Either way the database and the key
//!   file match. A restore never changes whether a passphrase is set, nor which one: the copy is
//!   brought back under the key the database has now.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::convert::{export, is_plain, remove_if_there, side_file, verify};
use super::{DB_FILE, Store, apply_key, connect, create_private_dir, latest_version, restrict_file, user_version};
use crate::failpoint::failpoint;
use crate::vault::{KEY_FILE, KEY_TEMP_PREFIX, KeyFile, MasterKey, Passphrase, sync_dir};
use crate::{Error, Result};

/// The default backup folder, inside the data directory.
pub const BACKUP_DIR: &str = "backups";
/// Where the chosen backup folder is kept, inside the data directory.
pub const FOLDER_FILE: &str = "backup-folder.json";
/// How many daily copies are kept.
pub const KEEP_DAILY: usize = 7;
/// The most copies kept of one day (the day's own and those made by hand).
pub const KEEP_A_DAY: usize = 3;
/// How old the newest daily copy may get before the next is due.
pub const DAILY_EVERY: TimeDelta = TimeDelta::hours(24);

/// A restore's copy of the database while it waits to be renamed `tend.db`.
pub const RESTORING: &str = "tend.db.restoring";
/// A restore's key file while it waits to be renamed `tend.key`.
pub const KEY_RESTORING: &str = "tend.key.restoring";
/// Present from the moment a restore is committed until it is finished.
pub const RESTORE_MARKER: &str = "tend.restoring";
/// Where a restore copies the chosen backup to check it, inside the data directory.
const RESTORE_CHECK: &str = ".restore-check";
/// What the names of this module's temporary files in the data directory begin with.
const TEMP_PREFIX: &str = ".tend-backup.";

const DAILY: &str = "tend-daily";
const BEFORE_RESTORE: &str = "tend-before-restore";

/// When a copy's name says it was taken, to the millisecond (older Tends wrote the second).
const BACKUP_STAMP: &str = "%Y%m%dT%H%M%S%3fZ";
const OLDER_BACKUP_STAMP: &str = "%Y%m%dT%H%M%SZ";

/// Why a copy was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum BackupKind {
    /// Taken once a day while Tend is open.
    Daily,
    /// Taken before the database was upgraded to a newer schema.
    BeforeMigration,
    /// The database as it was just before another copy was restored.
    BeforeRestore,
}

/// One copy in the backup folders, as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupInfo {
    /// The copy's file name, which is how a restore names it.
    pub id: String,
    /// When it was taken, RFC 3339 in UTC.
    pub taken: String,
    /// Its size on disk, in bytes.
    #[ts(type = "number")]
    pub size: u64,
    pub kind: BackupKind,
    /// Encrypted under a key (its key file is beside it).
    pub encrypted: bool,
}

/// A copy's name read back: what comes before its stamp (`tend-daily`, `tend-vA-before-vB`),
/// when it was taken, and which of the copies taken then it is (1 for the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BackupName {
    pub(crate) label: String,
    pub(crate) taken: NaiveDateTime,
    pub(crate) n: u32,
}

impl BackupName {
    /// Reads `path`'s name, in the form [`backup_path`] writes or the older one (`-{stamp}.db`
    /// to the second); `None` for any other file.
    pub(crate) fn parse(path: &Path) -> Option<BackupName> {
        if path.extension()? != "db" {
            return None;
        }
        let stem = path.file_stem()?.to_str()?;
        let (rest, last) = stem.rsplit_once('-')?;
        let (rest, stamp, n) = match last.parse::<u32>() {
            Ok(n) if n >= 2 => {
                let (rest, stamp) = rest.rsplit_once('-')?;
                (rest, stamp, n)
            }
            _ => (rest, last, 1),
        };
        let taken = NaiveDateTime::parse_from_str(stamp, BACKUP_STAMP)
            .or_else(|_| NaiveDateTime::parse_from_str(stamp, OLDER_BACKUP_STAMP))
            .ok()?;
        Some(BackupName {
            label: rest.to_owned(),
            taken,
            n,
        })
    }

    /// The kind of copy its label names (`None`: not a name Tend writes).
    pub(crate) fn kind(&self) -> Option<BackupKind> {
        match self.label.as_str() {
            DAILY => Some(BackupKind::Daily),
            BEFORE_RESTORE => Some(BackupKind::BeforeRestore),
            label => {
                let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                let (from, to) = label.strip_prefix("tend-v")?.split_once("-before-v")?;
                (digits(from) && digits(to)).then_some(BackupKind::BeforeMigration)
            }
        }
    }
}

/// Where the copy labelled `label` taken `now` goes in `folder`: `{label}-{stamp}.db`, or
/// `…-{stamp}-{n}.db` when a copy of that name is already there (two copies in one millisecond,
/// or a clock set back).
pub(crate) fn backup_path(folder: &Path, label: &str, now: DateTime<Utc>) -> PathBuf {
    let stem = format!("{label}-{}", now.format(BACKUP_STAMP));
    let mut path = folder.join(format!("{stem}.db"));
    let mut n = 2;
    while path.exists() || partial_of(&path).exists() || key_of(&path).exists() {
        path = folder.join(format!("{stem}-{n}.db"));
        n += 1;
    }
    path
}

/// The name a copy is written under until it is whole.
fn partial_of(copy: &Path) -> PathBuf {
    copy.with_extension("db.converting")
}

/// The key file beside an encrypted copy.
pub(crate) fn key_of(copy: &Path) -> PathBuf {
    copy.with_extension("key")
}

// ---------------------------------------------------------------------------------------------
// The folder.

/// `backup-folder.json`: the folder chosen now (none: `backups/`), and the folders chosen
/// before, whose copies are still listed, rotated and sealed with the rest.
#[derive(Debug, Default, Serialize, Deserialize)]
struct FolderChoice {
    #[serde(default)]
    folder: Option<PathBuf>,
    #[serde(default)]
    earlier: Vec<PathBuf>,
}

/// What `backup-folder.json` says (nothing there, or nothing readable: no choice).
fn folder_choice(dir: &Path) -> FolderChoice {
    let text = match fs::read_to_string(dir.join(FOLDER_FILE)) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return FolderChoice::default(),
        Err(error) => {
            tracing::warn!(%error, "the chosen backup folder couldn't be read; copies go to backups/");
            return FolderChoice::default();
        }
    };
    serde_json::from_str(&text).unwrap_or_else(|_| {
        tracing::warn!("the chosen backup folder isn't one Tend can read; copies go to backups/");
        FolderChoice::default()
    })
}

/// The folder new copies go to: the one the person chose, or `<data dir>/backups`.
pub fn backup_folder(dir: &Path) -> PathBuf {
    chosen_folder(dir).unwrap_or_else(|| dir.join(BACKUP_DIR))
}

/// The folder the person chose, if they chose one (a choice that can't be read counts as none,
/// and says so in the log).
fn chosen_folder(dir: &Path) -> Option<PathBuf> {
    folder_choice(dir).folder.filter(|folder| folder.is_absolute())
}

/// Chooses where new copies go (none: `<data dir>/backups`). A folder that isn't there, isn't
/// absolute or can't be written to is [`Error::BackupFolderUnusable`], and nothing changes.
/// Copies already taken stay where they are (and are still listed, in `backups/` and in the
/// folder chosen now).
pub fn set_backup_folder(dir: &Path, folder: Option<PathBuf>) -> Result<()> {
    create_private_dir(dir)?;
    let folder = match folder {
        None => None,
        Some(folder) => {
            if !folder.is_absolute() || !folder.is_dir() {
                return Err(Error::BackupFolderUnusable);
            }
            tempfile::Builder::new()
                .prefix(".tend-can-write")
                .tempfile_in(&folder)
                .map_err(|_| Error::BackupFolderUnusable)?;
            Some(folder.canonicalize().map_err(|_| Error::BackupFolderUnusable)?)
        }
    };
    // The folder left keeps its copies, so it stays among those listed and looked after.
    let before = folder_choice(dir);
    let mut earlier = before.earlier;
    earlier.extend(before.folder);
    earlier.retain(|f| Some(f) != folder.as_ref());
    earlier.dedup();
    let text = serde_json::to_string_pretty(&FolderChoice { folder, earlier })
        .map_err(|error| std::io::Error::other(error.to_string()))?;
    write_atomically(dir, FOLDER_FILE, text.as_bytes())
}

/// Writes `bytes` to `dir/name` so a crash leaves the old file or the new, whole.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let mut temp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(dir.join(name)).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Every folder copies may be in: `backups/`, the chosen one when there is one, and those
/// chosen before.
fn folders(dir: &Path) -> Vec<PathBuf> {
    let default = dir.join(BACKUP_DIR);
    let choice = folder_choice(dir);
    let mut folders = vec![default];
    for folder in choice.folder.into_iter().chain(choice.earlier) {
        let same = |known: &PathBuf| match (known.canonicalize(), folder.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => *known == folder,
        };
        if folder.is_absolute() && !folders.iter().any(same) {
            folders.push(folder);
        }
    }
    folders
}

// ---------------------------------------------------------------------------------------------
// Listing.

/// One copy found in a backup folder.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) path: PathBuf,
    pub(crate) name: BackupName,
    pub(crate) kind: BackupKind,
}

/// Every copy in the backup folders, oldest first. A folder that isn't there (a chosen one on
/// a drive that is unplugged) holds none.
pub(crate) fn found(dir: &Path) -> Vec<Found> {
    let mut copies = Vec::new();
    for folder in folders(dir) {
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(error) => {
                if error.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!(%error, "a backup folder couldn't be read");
                }
                continue;
            }
        };
        for path in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
            if let Some(name) = BackupName::parse(&path)
                && let Some(kind) = name.kind()
                && path.is_file()
            {
                copies.push(Found { path, name, kind });
            }
        }
    }
    copies.sort_by(|a, b| (a.name.taken, a.name.n, &a.path).cmp(&(b.name.taken, b.name.n, &b.path)));
    copies
}

/// Every copy in the backup folders, newest first, as the UI lists them. Readable whatever
/// state the database is in: nothing here opens it.
pub fn list_backups(dir: &Path) -> Vec<BackupInfo> {
    found(dir).iter().rev().filter_map(|copy| info(copy).ok()).collect()
}

fn info(copy: &Found) -> Result<BackupInfo> {
    Ok(BackupInfo {
        id: file_name(&copy.path),
        taken: super::format_instant(copy.name.taken.and_utc()),
        size: fs::metadata(&copy.path)?.len(),
        kind: copy.kind,
        encrypted: is_plain(&copy.path)? == Some(false),
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Writing and rotating.

/// Writes a consistent copy of `conn`'s database (under `key`, the database's own; none: plain)
/// labelled `label` into `folder`, with the key file beside it when it is encrypted, and
/// answers its path. `folder` is created when it is the default one; a chosen one that isn't
/// there is [`Error::BackupFolderUnusable`].
pub(crate) fn write_backup(
    conn: &Connection,
    dir: &Path,
    folder: &Path,
    label: &str,
    key: Option<&MasterKey>,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    if folder == dir.join(BACKUP_DIR) {
        create_private_dir(folder)?;
    } else if !folder.is_dir() {
        return Err(Error::BackupFolderUnusable);
    }
    let target = backup_path(folder, label, now);
    let partial = partial_of(&target);
    let result = (|| {
        remove_if_there(&partial)?;
        if key.is_some() {
            export(conn, &partial, key)?;
        } else {
            let partial_str = partial
                .to_str()
                .ok_or_else(|| std::io::Error::other("backup path is not UTF-8"))?;
            // Made empty and private first (VACUUM INTO fills an empty file), so the copy is
            // never readable by others, not even for a moment, in a folder that isn't private.
            super::ensure_private_file(&partial)?;
            conn.execute("VACUUM INTO ?1", [partial_str])?;
            restrict_file(&partial)?;
        }
        fs::File::open(&partial)?.sync_all()?;
        failpoint("backup.written")?;
        if key.is_some() {
            let file = KeyFile::read(dir)?.ok_or(Error::NotEncrypted)?;
            file.write_as(folder, &file_name(&key_of(&target)))?;
            restrict_file(&key_of(&target))?;
            failpoint("backup.key-written")?;
        }
        fs::rename(&partial, &target)?;
        sync_dir(folder)
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&partial);
        let _ = fs::remove_file(key_of(&target));
        return Err(error);
    }
    Ok(target)
}

/// As [`write_backup`] into the backup folder, and when the chosen one can't take it (a drive
/// unplugged), into `backups/`: for the copies that must exist before Tend goes on (before a
/// migration, before a restore).
fn write_backup_somewhere(
    conn: &Connection,
    dir: &Path,
    label: &str,
    key: Option<&MasterKey>,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    let folder = backup_folder(dir);
    let default = dir.join(BACKUP_DIR);
    match write_backup(conn, dir, &folder, label, key, now) {
        Err(error) if folder != default => {
            tracing::warn!(%error, "the chosen backup folder couldn't take a copy; it goes to backups/");
            write_backup(conn, dir, &default, label, key, now)
        }
        result => result,
    }
}

/// Writes the copy taken before migrating from schema `from` to `to`.
pub(crate) fn before_migration(
    conn: &Connection,
    dir: &Path,
    from: usize,
    to: usize,
    key: Option<&MasterKey>,
    now: DateTime<Utc>,
) -> Result<PathBuf> {
    write_backup_somewhere(conn, dir, &format!("tend-v{from}-before-v{to}"), key, now)
}

/// Keeps the copies of the newest [`KEEP_DAILY`] days (up to [`KEEP_A_DAY`] a day, the newest,
/// so "Make a copy now" pressed many times never lets earlier days go), the newest
/// [`KEEP_DAILY`] copies kept before a restore, and the newest before each migration; older
/// ones go with their key files: they hold words deleted since. A copy stamped more than a day
/// after the clock's now (taken while the clock ran ahead) counts as the oldest, so it never
/// pushes out the copies taken since. Copies in `keep` (the one just written, the one being
/// restored) stay whatever their age.
pub(crate) fn prune(dir: &Path, keep: &[&Path]) -> Result<()> {
    let ahead = (Utc::now() + DAILY_EVERY).naive_utc();
    let mut copies = found(dir);
    copies.sort_by_key(|copy| (copy.name.taken <= ahead, copy.name.taken, copy.name.n));
    let mut days: std::collections::HashMap<chrono::NaiveDate, usize> = std::collections::HashMap::new();
    let mut restores = 0;
    let mut labels = HashSet::new();
    let mut touched = HashSet::new();
    for copy in copies.iter().rev() {
        let kept = match copy.kind {
            BackupKind::Daily => {
                let day = copy.name.taken.date();
                if !days.contains_key(&day) && days.len() < KEEP_DAILY {
                    days.insert(day, 0);
                }
                days.get_mut(&day).is_some_and(|n| {
                    *n += 1;
                    *n <= KEEP_A_DAY
                })
            }
            BackupKind::BeforeRestore => {
                restores += 1;
                restores <= KEEP_DAILY
            }
            BackupKind::BeforeMigration => labels.insert(copy.name.label.clone()),
        };
        if kept || keep.contains(&copy.path.as_path()) {
            continue;
        }
        // The key file first: a sealed copy left without one (a crash between) gets it back at
        // the next unlock (`Store::refresh_key_copies`), and no key file is left without its copy.
        remove_if_there(&key_of(&copy.path))?;
        fs::remove_file(&copy.path)?;
        if let Some(folder) = copy.path.parent() {
            touched.insert(folder.to_path_buf());
        }
    }
    for folder in touched {
        sync_dir(&folder)?;
    }
    Ok(())
}

impl Store {
    /// Takes a daily copy now (the UI's "Back up now" too), and lets older copies go.
    pub fn backup_now(&self, now: DateTime<Utc>) -> Result<BackupInfo> {
        if self.read_only {
            return Err(Error::ReadOnly);
        }
        let path = write_backup(
            &self.conn,
            &self.dir,
            &backup_folder(&self.dir),
            DAILY,
            self.key.as_ref(),
            now,
        )?;
        if let Err(error) = prune(&self.dir, &[&path]) {
            tracing::warn!(%error, "older copies are let go after the next backup");
        }
        let name = BackupName::parse(&path).ok_or_else(|| std::io::Error::other("backup name"))?;
        info(&Found {
            path,
            name,
            kind: BackupKind::Daily,
        })
    }

    /// Takes a daily copy when the newest is [`DAILY_EVERY`] old or there is none (copies stamped
    /// more than a day ahead of `now`, taken while the clock ran ahead, aside). Answers the copy
    /// taken.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
        // A copy stamped more than a day ahead (taken while the clock ran ahead) says nothing
        // about today: the newest of the others decides.
        let newest = found(&self.dir)
            .into_iter()
            .filter(|copy| copy.kind == BackupKind::Daily)
            .map(|copy| copy.name.taken.and_utc())
            .filter(|taken| *taken - now <= DAILY_EVERY)
            .max();
        let due = newest.is_none_or(|taken| now - taken >= DAILY_EVERY);
        if !due {
            return Ok(None);
        }
        self.backup_now(now).map(Some)
    }

    /// A second copy of the key the database is encrypted under (none: it is plain).
    pub(crate) fn master_key(&self) -> Option<MasterKey> {
        self.key.as_ref().map(MasterKey::duplicate)
    }

    /// Rewrites the key file beside every copy encrypted under this store's master key with the
    /// key file in the data directory, so the passphrase set now opens them all; writes it where
    /// it is missing.
    pub(crate) fn refresh_key_copies(&self) -> Result<()> {
        let Some(key) = &self.key else { return Ok(()) };
        let Some(current) = KeyFile::read(&self.dir)? else {
            return Ok(());
        };
        for copy in found(&self.dir) {
            if is_plain(&copy.path)? != Some(false) {
                continue;
            }
            let key_path = key_of(&copy.path);
            let ours = match KeyFile::read_from(&key_path) {
                Ok(Some(file)) if file == current => continue,
                Ok(Some(file)) => file.same_master_key(&current),
                // Missing (or unreadable): ours if this store's key opens the copy.
                _ => opens_under(&copy.path, Some(key)),
            };
            if ours && let Some(folder) = copy.path.parent() {
                current.write_as(folder, &file_name(&key_path))?;
                restrict_file(&key_path)?;
            }
        }
        Ok(())
    }
}

/// Where a damaged copy is copied to be sealed or opened, inside the data directory.
const DAMAGED_ASIDE: &str = ".damaged-aside";

impl Store {
    /// Rewrites each set of damaged files in `damaged/` that is not under `to` (a key, or none
    /// for plain) when every row of it can still be read: sealed once a passphrase is set, so
    /// no copy stays in the clear, and opened again before the key goes. One that can't be read
    /// whole is left exactly as it is (and the log says so): nothing it holds is given up.
    pub(crate) fn convert_damaged(&self, to: Option<&MasterKey>) {
        let Ok(entries) = fs::read_dir(self.dir.join(super::recover::DAMAGED_DIR)) else {
            return;
        };
        for kept in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
            let db = kept.join(DB_FILE);
            if !matches!(is_plain(&db), Ok(Some(plain)) if plain == to.is_some()) {
                continue;
            }
            let from = if to.is_some() { None } else { self.key.as_ref() };
            let aside = self.dir.join(DAMAGED_ASIDE);
            let partial = db.with_extension("db.converting");
            let result = (|| {
                let _ = fs::remove_dir_all(&aside);
                create_private_dir(&aside)?;
                let copy = aside.join(DB_FILE);
                for side in ["", "-wal", "-shm"] {
                    let file = side_file(&db, side);
                    if file.exists() {
                        fs::copy(&file, side_file(&copy, side))?;
                    }
                }
                let source = connect(&copy, from)?;
                source.pragma_update(None, "temp_store", "MEMORY")?;
                remove_if_there(&partial)?;
                export(&source, &partial, to)?;
                verify(&source, &partial, to)?;
                drop(source);
                fs::File::open(&partial)?.sync_all()?;
                // The log goes first: it must never be read with the file that replaces it.
                for side in ["-wal", "-shm"] {
                    remove_if_there(&side_file(&db, side))?;
                }
                fs::rename(&partial, &db)?;
                sync_dir(&kept)
            })();
            let _ = fs::remove_dir_all(&aside);
            if let Err(error) = result {
                let _ = fs::remove_file(&partial);
                tracing::warn!(%error, "a set of damaged files can't be read whole; it is left as it is");
            }
        }
    }
}

/// Whether the database at `path` opens under `key` (none: plain), read without writing to it.
fn opens_under(path: &Path, key: Option<&MasterKey>) -> bool {
    (|| -> Result<()> {
        let conn = super::recover::open_immutable(path)?;
        if let Some(key) = key {
            apply_key(&conn, key)?;
        }
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        Ok(())
    })()
    .is_ok()
}

// ---------------------------------------------------------------------------------------------
// Restoring.

#[derive(Debug, Serialize, Deserialize)]
struct RestoreMarker {
    /// Whether the restored database has a key file (`tend.key.restoring` until renamed).
    keyed: bool,
}

/// Puts the copy named `id` in place of the database in `dir`, which must be closed. `key` is
/// the database's key (none: plain); a copy under another key opens through its key file and
/// `passphrase`. The database is kept as a [`BackupKind::BeforeRestore`] copy first. A copy that
/// can't be found, opened or read is refused and nothing changes. Once committed, a step that
/// doesn't finish is finished when the store next opens ([`settle`]).
pub fn restore_backup(
    dir: &Path,
    id: &str,
    key: Option<&MasterKey>,
    passphrase: Option<&Passphrase>,
    now: DateTime<Utc>,
) -> Result<()> {
    let source = found(dir)
        .into_iter()
        .find(|copy| file_name(&copy.path) == id)
        .ok_or(Error::BackupNotFound)?;
    let source_key = source_key(&source.path, key, passphrase)?;
    let check = dir.join(RESTORE_CHECK);
    let result = (|| {
        let _ = fs::remove_dir_all(&check);
        create_private_dir(&check)?;
        let copy = check.join(DB_FILE);
        fs::copy(&source.path, &copy)?;
        let from = connect(&copy, source_key.as_ref())?;
        from.pragma_update(None, "temp_store", "MEMORY")?;
        let verdict: String = from
            .query_row("PRAGMA quick_check", [], |row| row.get(0))
            .map_err(|_| Error::BackupUnreadable)?;
        if verdict != "ok" {
            return Err(Error::BackupUnreadable);
        }
        let found = user_version(&from)?;
        if found > latest_version() {
            return Err(Error::NewerDatabase {
                found,
                known: latest_version(),
            });
        }
        keep_current(dir, key, now, &source.path)?;
        failpoint("restore.kept")?;
        // Under the database's own key, so the passphrase (and recovery key) of now open it.
        let staged = dir.join(RESTORING);
        clear_staging(dir)?;
        export(&from, &staged, key)?;
        verify(&from, &staged, key)?;
        drop(from);
        fs::File::open(&staged)?.sync_all()?;
        if key.is_some() {
            KeyFile::read(dir)?
                .ok_or(Error::NotEncrypted)?
                .write_as(dir, KEY_RESTORING)?;
        }
        sync_dir(dir)?;
        failpoint("restore.staged")?;
        let marker = serde_json::to_string(&RestoreMarker { keyed: key.is_some() })
            .map_err(|error| std::io::Error::other(error.to_string()))?;
        write_atomically(dir, RESTORE_MARKER, marker.as_bytes())?;
        failpoint("restore.marked")
    })();
    let _ = fs::remove_dir_all(&check);
    if let Err(error) = result {
        if !dir.join(RESTORE_MARKER).exists() {
            let _ = clear_staging(dir);
        }
        return Err(error);
    }
    if let Err(error) = roll_forward(dir) {
        tracing::warn!(%error, "the restore is finished when the store next opens");
    }
    Ok(())
}

/// The key the copy at `path` opens under: none for a plain copy, the database's when it opens
/// the copy, else the one its key file gives for `passphrase`.
fn source_key(path: &Path, key: Option<&MasterKey>, passphrase: Option<&Passphrase>) -> Result<Option<MasterKey>> {
    match is_plain(path)? {
        Some(true) => return Ok(None),
        None => return Err(Error::BackupUnreadable),
        Some(false) => {}
    }
    if let Some(key) = key
        && opens_under(path, Some(key))
    {
        return Ok(Some(key.duplicate()));
    }
    let file = KeyFile::read_from(&key_of(path)).map_err(|_| Error::BackupNotOpened)?;
    let (Some(file), Some(passphrase)) = (file, passphrase) else {
        return Err(Error::BackupNotOpened);
    };
    let opened = file.unlock(passphrase).map_err(|_| Error::BackupNotOpened)?;
    if !opens_under(path, Some(&opened)) {
        return Err(Error::BackupNotOpened);
    }
    Ok(Some(opened))
}

/// Keeps the database in `dir` (closed, under `key`) as a copy before a restore, and lets older
/// copies go (never `restoring`, the copy about to be restored).
fn keep_current(dir: &Path, key: Option<&MasterKey>, now: DateTime<Utc>, restoring: &Path) -> Result<()> {
    let db = dir.join(DB_FILE);
    if fs::metadata(&db).map(|m| m.len()).unwrap_or(0) == 0 {
        return Ok(());
    }
    let conn = connect(&db, key)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    let path = write_backup_somewhere(&conn, dir, BEFORE_RESTORE, key, now)?;
    // Closing checkpoints what a crash may have left in the write-ahead log.
    conn.close().map_err(|(_, error)| error)?;
    if let Err(error) = prune(dir, &[&path, restoring]) {
        tracing::warn!(%error, "older copies are let go after the next backup");
    }
    Ok(())
}

fn clear_staging(dir: &Path) -> Result<()> {
    for side in ["", "-journal", "-wal", "-shm"] {
        remove_if_there(&side_file(&dir.join(RESTORING), side))?;
    }
    remove_if_there(&dir.join(KEY_RESTORING))
}

/// Finishes a committed restore: the staged database takes `tend.db`'s place (its old `-wal`
/// and `-shm` go first, so they are never read with it), then the staged key file takes
/// `tend.key`'s (or, for a plain one, `tend.key` goes), then the marker goes. Each step can be
/// done again after a crash.
fn roll_forward(dir: &Path) -> Result<()> {
    let text = fs::read_to_string(dir.join(RESTORE_MARKER))?;
    let marker: RestoreMarker = serde_json::from_str(&text).map_err(|_| Error::ConversionMismatch("restore marker"))?;
    let db = dir.join(DB_FILE);
    let staged = dir.join(RESTORING);
    if staged.exists() {
        for side in ["-wal", "-shm"] {
            remove_if_there(&side_file(&db, side))?;
        }
        fs::rename(&staged, &db)?;
        sync_dir(dir)?;
    }
    failpoint("restore.db-swapped")?;
    let staged_key = dir.join(KEY_RESTORING);
    if marker.keyed {
        if staged_key.exists() {
            fs::rename(&staged_key, dir.join(KEY_FILE))?;
            sync_dir(dir)?;
        }
    } else {
        remove_if_there(&staged_key)?;
        KeyFile::remove(dir)?;
    }
    failpoint("restore.key-swapped")?;
    fs::remove_file(dir.join(RESTORE_MARKER))?;
    sync_dir(dir)
}

/// Before anything opens `dir`'s database: finishes a restore that was committed, clears what an
/// uncommitted one staged, and clears half-written copies and their key files in the backup
/// folders (the chosen one too). A key file is only removed beside the half copy it was written
/// for: in a folder another computer syncs, a key file may come before its copy.
pub(crate) fn settle(dir: &Path) -> Result<()> {
    let _ = fs::remove_dir_all(dir.join(RESTORE_CHECK));
    let _ = fs::remove_dir_all(dir.join(DAMAGED_ASIDE));
    if let Ok(entries) = fs::read_dir(dir.join(super::recover::DAMAGED_DIR)) {
        for kept in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
            for leftover in ["tend.db.converting", "tend.db.converting-journal"] {
                remove_if_there(&kept.join(leftover))?;
            }
        }
    }
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.filter_map(|entry| entry.ok()) {
            if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
                remove_if_there(&entry.path())?;
            }
        }
    }
    if dir.join(RESTORE_MARKER).exists() {
        roll_forward(dir)?;
    } else {
        clear_staging(dir)?;
    }
    for folder in folders(dir) {
        let Ok(entries) = fs::read_dir(&folder) else { continue };
        for path in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
            let name = file_name(&path);
            if name.ends_with(".db.converting") {
                // A copy a crash stopped before it was renamed in, and the key file written for it
                // (only when no copy of that name is in place: then the key file is that copy's).
                let copy = path.with_extension("");
                if !copy.exists() {
                    remove_if_there(&key_of(&copy))?;
                }
                remove_if_there(&path)?;
            } else if name.ends_with(".db.converting-journal") || name.starts_with(KEY_TEMP_PREFIX) {
                remove_if_there(&path)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names as this build writes them and as older Tends did read back alike, and two copies
    /// taken in one millisecond get two names, in the order they were taken.
    #[test]
    fn backup_names_are_unique_and_read_back_old_and_new() {
        let dir = tempfile::tempdir().unwrap();
        let now = DateTime::parse_from_rfc3339("2026-03-01T20:15:00.123Z")
            .unwrap()
            .to_utc();
        let first = backup_path(dir.path(), "tend-v6-before-v7", now);
        assert_eq!(first.file_name().unwrap(), "tend-v6-before-v7-20260301T201500123Z.db");
        fs::write(&first, b"a copy").unwrap();
        let second = backup_path(dir.path(), "tend-v6-before-v7", now);
        assert_eq!(
            second.file_name().unwrap(),
            "tend-v6-before-v7-20260301T201500123Z-2.db"
        );
        let older = dir.path().join("tend-v1-before-v5-20250301T000000Z.db");
        let read = |path: &Path| BackupName::parse(path).unwrap();
        assert_eq!(read(&older).label, "tend-v1-before-v5");
        assert_eq!(read(&older).kind(), Some(BackupKind::BeforeMigration));
        assert_eq!(read(&older).taken.and_utc().to_rfc3339(), "2025-03-01T00:00:00+00:00");
        assert_eq!(read(&first).taken.and_utc(), now);
        assert_eq!((read(&first).label.as_str(), read(&first).n), ("tend-v6-before-v7", 1));
        assert_eq!(
            (read(&second).label.as_str(), read(&second).n),
            ("tend-v6-before-v7", 2)
        );
        let daily = backup_path(dir.path(), DAILY, now);
        assert_eq!(daily.file_name().unwrap(), "tend-daily-20260301T201500123Z.db");
        assert_eq!(read(&daily).kind(), Some(BackupKind::Daily));
        let restore = backup_path(dir.path(), BEFORE_RESTORE, now);
        assert_eq!(read(&restore).kind(), Some(BackupKind::BeforeRestore));
        assert_eq!(read(&dir.path().join("notes-20250301T000000Z.db")).kind(), None);
        assert_eq!(BackupName::parse(&dir.path().join("notes.db")), None);
        assert_eq!(BackupName::parse(&partial_of(&first)), None);
        assert_eq!(BackupName::parse(&key_of(&first)), None);
    }
}
