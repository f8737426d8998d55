//! The one place Tend's words are kept: a SQLite file in a private directory.
//!
//! Durability: WAL with `synchronous=FULL`, so a check-in is on disk when `save` returns and a
//! crash at any later moment loses nothing. Privacy: the directory is 0700 and the files 0600
//! on Unix. Upgrades: before any migration runs on an existing database a copy is written
//! (`store/backup.rs`, with every other copy Tend makes), and a database from a newer Tend is refused without being touched. Deleting:
//! `secure_delete` is on, and a purge ends by merging the search indexes, rewriting the file and
//! emptying the WAL, so deleted words leave the files (`store/purge.rs`).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, Transaction};
use rusqlite_migration::{HookResult, M, Migrations};

use crate::check_in::Written;
use crate::failpoint::failpoint;
use crate::vault::MasterKey;
use crate::{Error, Result};
use zeroize::Zeroizing;

pub mod backup;
mod check_ins;
pub mod convert;
mod drafts;
mod entries;
pub mod history;
mod insights;
mod preferences;
mod prompts;
mod purge;
pub mod recover;
mod search;
mod transfer;
mod trust;
mod trust_transfer;

pub use backup::{BACKUP_DIR, BackupInfo, BackupKind, backup_folder, list_backups, restore_backup, set_backup_folder};
pub use drafts::{DRAFT_LIMIT, DraftKind};
pub use entries::JournalPage;
pub use history::{CURSOR_LIMIT, CalendarDay, TimelineCursor, TimelinePage};
pub use purge::{PURGED_TABLES, PurgedTable, UNDO_WINDOW};
pub use transfer::{EXPORTED_COLUMNS, ImportPreview, Imported};

/// How far back insights, and the earlier words offered as choices, look: a year of days.
const LOOK_BACK_DAYS: u64 = 365;

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "tend.db";

/// Rust a migration step runs after its SQL, in the same transaction, for rows SQL cannot
/// compute.
type MigrationHook = fn(&Transaction<'_>) -> HookResult;

/// The schema, one file per step. Files are added, never edited.
const MIGRATION_STEPS: &[(&str, Option<MigrationHook>)] = &[
    (include_str!("../migrations/0001_check_ins.sql"), None),
    (include_str!("../migrations/0002_check_in_practices.sql"), None),
    (include_str!("../migrations/0003_journal.sql"), None),
    (include_str!("../migrations/0004_drafts.sql"), None),
    (
        include_str!("../migrations/0005_search_grams.sql"),
        Some(search::index_every_row),
    ),
    (
        include_str!("../migrations/0006_fts_secure_delete.sql"),
        Some(search::index_every_row),
    ),
    (include_str!("../migrations/0007_purge_rewrites.sql"), None),
    (
        include_str!("../migrations/0008_stable_ids.sql"),
        Some(name_every_record),
    ),
    (include_str!("../migrations/0009_trust_tools.sql"), None),
    (include_str!("../migrations/0010_trust_draft.sql"), None),
];

/// What the ids given at migration are named within (a version 5 UUID's namespace).
const MIGRATED_IDS: uuid::Uuid = uuid::Uuid::from_u128(0x2b0e_57d1_64a9_4c3e_9f12_d8a4_0e6b_7c55);

/// Gives every record without a stable id one made from what the row already is (its table,
/// local number and when it was written, or for a prompt its words), so the same row gets the
/// same id in every copy migrated from before: the database, a copy kept before the migration
/// and brought back, or one recovered from it. An import then knows them all as one.
fn name_every_record(tx: &Transaction<'_>) -> HookResult {
    for (table, what) in [
        ("check_in", "created_at"),
        ("journal_entry", "created_at"),
        ("journal_prompt", "practice || ':' || text"),
    ] {
        let rows: Vec<(i64, String)> = tx
            .prepare(&format!("SELECT id, {what} FROM {table} WHERE uuid IS NULL"))?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut name = tx.prepare(&format!("UPDATE {table} SET uuid = ?2 WHERE id = ?1"))?;
        for (id, what) in rows {
            let uuid = uuid::Uuid::new_v5(&MIGRATED_IDS, format!("{table}:{id}:{what}").as_bytes());
            name.execute(rusqlite::params![id, uuid.to_string()])?;
        }
    }
    Ok(())
}

/// `MIGRATIONS.validate()` runs in the tests.
pub static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(
        MIGRATION_STEPS
            .iter()
            .map(|(sql, hook)| match hook {
                Some(hook) => M::up_with_hook(sql, *hook),
                None => M::up(sql),
            })
            .collect(),
    )
});

/// The schema version this build writes.
pub fn latest_version() -> usize {
    MIGRATION_STEPS.len()
}

/// The lock file's name inside the data directory.
pub const LOCK_FILE: &str = "tend.lock";

/// Held for as long as a Tend uses a data directory, so two copies never write one database
/// (a second copy on another session bus, or with none, isn't caught by single-instance).
/// The operating system drops the lock when the process ends, however it ends.
#[derive(Debug)]
pub struct DirLock {
    _file: Option<fs::File>,
}

impl DirLock {
    /// Takes the lock before anything in `dir` is opened. Another copy holding it answers
    /// [`Error::DataDirInUse`], having touched nothing but the (empty) lock file.
    pub fn acquire(dir: &Path) -> Result<DirLock> {
        if !writable(dir)? {
            return match fs::File::open(dir.join(LOCK_FILE)) {
                Ok(file) => match file.try_lock_shared() {
                    Ok(()) => Ok(DirLock { _file: Some(file) }),
                    Err(fs::TryLockError::WouldBlock) => Err(Error::DataDirInUse),
                    Err(fs::TryLockError::Error(error)) => Err(error.into()),
                },
                Err(_) => Ok(DirLock { _file: None }),
            };
        }
        create_private_dir(dir)?;
        let path = dir.join(LOCK_FILE);
        let mut options = fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(DirLock { _file: Some(file) }),
            Err(fs::TryLockError::WouldBlock) => Err(Error::DataDirInUse),
            Err(fs::TryLockError::Error(error)) => Err(error.into()),
        }
    }
}

#[derive(Debug)]
pub struct Store {
    conn: Connection,
    dir: PathBuf,
    /// The master key the database is encrypted under (none: it is not).
    key: Option<MasterKey>,
    /// Opened for reading only: its folder can't be written to.
    read_only: bool,
}

impl Store {
    /// Opens (creating if needed) the store in `dir`, migrating it to this build's schema.
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_keyed(dir, None)
    }

    /// As [`Store::open`], for a database encrypted under `key` (none: a plain one). Before
    /// anything writes, the database is checked without writing to it; one that doesn't read as
    /// whole is [`Error::Damaged`] and stays exactly as it is. A folder that can't be written to
    /// opens the database for reading only.
    pub fn open_keyed(dir: &Path, key: Option<MasterKey>) -> Result<Store> {
        if !writable(dir)? {
            return Store::open_read_only(dir, key);
        }
        create_private_dir(dir)?;
        backup::settle(dir)?;
        convert::settle(dir)?;
        recover::settle(dir)?;
        if !recover::is_whole(dir, key.as_ref())? {
            return Err(Error::Damaged);
        }
        let path = dir.join(DB_FILE);
        ensure_private_file(&path)?;

        let mut conn = connect(&path, key.as_ref())?;
        // Read the version before anything writes: a newer database must not be touched,
        // not even by switching its journal mode.
        let found = user_version(&conn)?;
        let known = latest_version();
        if found > known {
            return Err(Error::NewerDatabase { found, known });
        }
        configure(&conn)?;
        let migrating = found < known && has_schema(&conn)?;
        let copy = if migrating {
            let copy = backup::before_migration(&conn, dir, found, known, key.as_ref(), Utc::now())?;
            failpoint("migrate.backed-up")?;
            Some(copy)
        } else {
            None
        };
        MIGRATIONS.to_latest(&mut conn)?;
        if migrating {
            failpoint("migrate.applied")?;
        }
        let mut store = Store {
            conn,
            dir: dir.to_path_buf(),
            key,
            read_only: false,
        };
        if let Some(copy) = &copy
            && let Err(error) = backup::prune(dir, &[copy])
        {
            tracing::warn!(%error, "older copies are let go after the next backup");
        }
        // A crash may have come between encrypting the database and sealing its copies, or
        // between changing the passphrase and rewriting their key files. Not being able to just
        // now (a full disk) must not keep the person from their words.
        if let Err(error) = store.seal_backups() {
            tracing::warn!(%error, "the copies in backups/ are sealed at the next unlock");
        }
        // Whatever was deleted before the last exit is past its undo by now. A purge that can't
        // run just now (a full disk) runs at the next quiet moment; it doesn't keep Tend closed.
        if let Err(error) = store.purge_deleted(None) {
            tracing::warn!(%error, "what was deleted is purged at the next quiet moment");
        }
        // A crash between a purge's commit and the rewrite that follows it left the purged words
        // in the indexes' segments and in the pages' free space (the purge above found nothing
        // more to remove): the purge is finished now.
        if let Err(error) = store.finish_purge_if_unfinished() {
            tracing::warn!(%error, "the purge is finished at the next one");
        }
        // Everything saved goes into the file itself: what a migration rewrote, and what a crash
        // left in the WAL (a purge's deletions among it, should the crash have come between the
        // purge's commit and its checkpoint).
        if let Err(error) = store.checkpoint() {
            tracing::warn!(%error, "the write-ahead log is emptied at the next quiet moment");
        }
        Ok(store)
    }

    /// Opens the database in a folder that can't be written to, for reading only. It must
    /// already be this build's schema (nothing can be migrated there).
    fn open_read_only(dir: &Path, key: Option<MasterKey>) -> Result<Store> {
        let path = dir.join(DB_FILE);
        if !path.exists() {
            return Err(Error::ReadOnlyFolder);
        }
        if !recover::is_whole(dir, key.as_ref())? {
            return Err(Error::Damaged);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let reader = |conn: rusqlite::Result<Connection>| -> Result<Connection> {
            let conn = conn?;
            if let Some(key) = &key {
                apply_key(&conn, key)?;
            }
            let found = user_version(&conn)?;
            if found > latest_version() {
                return Err(Error::NewerDatabase {
                    found,
                    known: latest_version(),
                });
            }
            if found < latest_version() {
                return Err(Error::ReadOnlyFolder);
            }
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
            Ok(conn)
        };
        // A write-ahead log is read where SQLite can share it; where it can't (no `-shm` to
        // read), the file is read as it stands.
        let conn = match reader(Connection::open_with_flags(&path, flags)) {
            Ok(conn) => conn,
            Err(error @ (Error::NewerDatabase { .. } | Error::ReadOnlyFolder)) => return Err(error),
            Err(_) => reader(recover::open_immutable(&path))?,
        };
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
            key,
            read_only: true,
        })
    }

    /// Whether this store was opened for reading only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Moves everything in the write-ahead log into the database file and empties the log, so
    /// `tend.db` alone holds what was saved. For quiet moments: it syncs the file.
    pub fn checkpoint(&self) -> Result<()> {
        if !self.read_only {
            self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// Closes the connection after a last checkpoint (SQLite then removes the `-wal` and `-shm`).
    pub fn close(self) -> Result<()> {
        if let Err(error) = self.checkpoint() {
            tracing::warn!(%error, "the write-ahead log is emptied at the next start");
        }
        self.conn.close().map_err(|(_, error)| error)?;
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The open connection, for tests and benchmarks that inspect the database directly.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// A connection to the database at `path`, encrypted under `key` (none: plain). SQLCipher's key
/// is the first statement, and a SQLite without SQLCipher is refused rather than written to in
/// the clear.
pub(crate) fn connect(path: &Path, key: Option<&MasterKey>) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if let Some(key) = key {
        apply_key(&conn, key)?;
    }
    Ok(conn)
}

/// Gives `conn` the raw key, first, and checks SQLCipher is there to use it.
pub(crate) fn apply_key(conn: &Connection, key: &MasterKey) -> Result<()> {
    let value = key.pragma_value();
    let mut statement = Zeroizing::new(String::with_capacity(value.len() + 16));
    statement.push_str("PRAGMA key = \"");
    statement.push_str(&value);
    statement.push_str("\";");
    conn.execute_batch(&statement)?;
    let version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |row| row.get(0))
        .optional()?;
    if version.is_none_or(|v| v.is_empty()) {
        return Err(Error::NoCipher);
    }
    Ok(())
}

/// Pragmas every connection gets. They live outside migrations because SQLite keeps them per
/// connection, not in the file (journal_mode excepted, which is harmless to repeat).
pub fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted words are overwritten with zeros, not just unlinked.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // Sorting and temporary indexes never spill a search's or a purge's words into a temp file.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

pub(crate) fn user_version(conn: &Connection) -> Result<usize> {
    let v: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok(usize::try_from(v).unwrap_or(usize::MAX))
}

fn has_schema(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
    Ok(n > 0)
}

pub(crate) fn format_instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads a moment kept as two columns, the UTC instant (`instant`, as [`format_instant`] writes
/// it) and the writer's offset then in minutes (`offset`), as RFC 3339 at that offset: the time
/// the writer's own clock showed, which is what the UI shows. Every such pair the store keeps
/// (check-ins, journal entries, search results) is read here, so they all read alike.
pub(crate) fn read_local_time(row: &Row<'_>, instant: usize, offset: usize) -> rusqlite::Result<String> {
    let text: String = row.get(instant)?;
    let utc = DateTime::parse_from_rfc3339(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(instant, Type::Text, Box::new(e)))?
        .with_timezone(&Utc);
    let minutes: i32 = row.get(offset)?;
    let offset =
        FixedOffset::east_opt(minutes * 60).ok_or(rusqlite::Error::IntegralValueOutOfRange(offset, minutes.into()))?;
    Ok(Written { utc, offset }
        .local()
        .to_rfc3339_opts(SecondsFormat::Millis, false))
}

/// Whether Tend can write in `dir` (one that doesn't exist yet can be created). A read-only
/// mount, or a folder whose permissions say no, can't; a full disk still can, as far as Tend
/// is concerned (each save then says so gently).
fn writable(dir: &Path) -> Result<bool> {
    if !dir.exists() {
        return match create_private_dir(dir) {
            Ok(()) => Ok(true),
            Err(Error::Io(error)) if refuses_writing(&error) => Ok(false),
            Err(error) => Err(error),
        };
    }
    match tempfile::Builder::new().prefix(".tend-can-write").tempfile_in(dir) {
        Ok(_) => Ok(true),
        Err(error) if refuses_writing(&error) => Ok(false),
        Err(error) if error.kind() == std::io::ErrorKind::StorageFull => Ok(true),
        Err(error) => Err(error.into()),
    }
}

fn refuses_writing(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
    )
}

/// Creates `dir` (and any missing parent) private to this user. A folder that already exists
/// keeps the permissions it has: it isn't Tend's to change.
#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    Ok(())
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<()> {
    // On Windows and macOS the per-user app-data directory is already private to the user.
    fs::create_dir_all(dir)?;
    Ok(())
}

/// Creates the database file 0600 before SQLite does, so it never exists with wider
/// permissions; SQLite gives the -wal and -shm files the database file's mode.
#[cfg(unix)]
pub(crate) fn ensure_private_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    restrict_file(path)
}

#[cfg(not(unix))]
pub(crate) fn ensure_private_file(path: &Path) -> Result<()> {
    fs::OpenOptions::new().create(true).append(true).open(path)?;
    Ok(())
}

#[cfg(unix)]
pub(crate) fn restrict_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn restrict_file(_path: &Path) -> Result<()> {
    Ok(())
}
