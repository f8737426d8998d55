//! A database that doesn't read as whole: found before anything writes to it, never written to,
//! and recovered into a new file on the person's word.
//!
//! - **Checking** ([`is_whole`]) writes no byte of `tend.db`, `-wal` or `-shm`. With a
//!   write-ahead log beside the file, the three are copied aside and the copy is checked (a
//!   read-write connection checkpoints into the file it closes, and even a read-only one may
//!   rewrite `-shm`); without one, the file itself is opened immutable. `quick_check` then reads
//!   every page.
//! - **Recovering** builds a new database, `tend.db.salvaging`, from what can be read: the
//!   damaged file's rows, table by table and row by row, stepping over pages that can't be read
//!   ([`salvage`]), or the newest copy in `backups/` ([`restore_newest_backup`]). It is checked,
//!   synced and renamed `tend.db.salvaged`, which marks it finished; then the damaged files are
//!   moved, byte for byte as they were, into `damaged/<when>/`, and the new one takes their
//!   place. A crash at any step leaves either the damaged files in place (the recovery screen
//!   comes back) or a finished copy that [`settle`] puts in place at the next start.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Connection, ErrorCode, OpenFlags, params_from_iter};
use serde::Serialize;
use ts_rs::TS;

use super::backup::BackupName;
use super::convert::{remove_if_there, side_file};
use super::{DB_FILE, MIGRATIONS, apply_key, connect, create_private_dir, latest_version, user_version};
use crate::vault::{MasterKey, sync_dir};
use crate::{Error, Result};

/// Where a database is copied to be checked, inside the data directory.
const CHECKING: &str = ".checking";
/// The new database while it is being written.
const SALVAGING: &str = "tend.db.salvaging";
/// The new database once it is written, checked and synced, until it takes `tend.db`'s place.
const SALVAGED: &str = "tend.db.salvaged";
/// Where damaged files are kept, as they were, inside the data directory.
pub const DAMAGED_DIR: &str = "damaged";

/// The files that together make the database.
const SIDES: [&str; 3] = ["", "-wal", "-shm"];

/// What a recovery brought back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Recovered {
    pub check_ins: usize,
    pub entries: usize,
    /// Some of the damaged file could not be read (so a few words may be missing).
    pub unreadable: bool,
}

/// The newest copy in the backup folders, which a recovery can go back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Backup {
    /// When it was taken, RFC 3339 in UTC.
    pub taken: String,
}

/// Whether the database in `dir` reads as whole (a missing or empty one does), checked without
/// writing to it. Under `key` when it is encrypted; the key must already be known to be the
/// right one (the key file said so), so that a wrong key is never taken for damage.
pub(crate) fn is_whole(dir: &Path, key: Option<&MasterKey>) -> Result<bool> {
    let db = dir.join(DB_FILE);
    if !has_bytes(&db)? {
        return Ok(true);
    }
    if !has_bytes(&side_file(&db, "-wal"))? {
        return verdict(open_immutable(&db).map_err(Error::from), key);
    }
    let aside = dir.join(CHECKING);
    let copied = copy_database(&db, &aside);
    let whole = match copied {
        Ok(copy) => verdict(connect(&copy, None), key),
        // No room for a copy (a full disk), or a folder that can't take one (a read-only mount
        // a crash left with its log): the file itself, on a connection that only reads.
        Err(error) if error.is_disk_full() || error.is_read_only() => verdict(
            Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(Error::from),
            key,
        ),
        Err(error) => Err(error),
    };
    let _ = fs::remove_dir_all(&aside);
    whole
}

/// Whether `conn` (under `key`) passes `quick_check`. Damage may also show as an error on the
/// way (SQLITE_CORRUPT, or "not a database" when the first page is what was hit).
fn verdict(conn: Result<Connection>, key: Option<&MasterKey>) -> Result<bool> {
    let checked = (|| {
        let conn = conn?;
        if let Some(key) = key {
            apply_key(&conn, key)?;
        }
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut statement = conn.prepare("PRAGMA quick_check")?;
        let lines = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(lines.len() == 1 && lines[0] == "ok")
    })();
    match checked {
        Ok(whole) => Ok(whole),
        Err(Error::Database(error)) if is_damage(&error, key.is_some()) => Ok(false),
        Err(error) => Err(error),
    }
}

/// Whether `error` is what reading a damaged page answers. SQLCipher answers a page whose
/// authentication fails with a plain SQLITE_ERROR, so under a key (already known to be the right
/// one) that counts too.
fn is_damage(error: &rusqlite::Error, keyed: bool) -> bool {
    match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => true,
        Some(ErrorCode::Unknown) => keyed,
        _ => false,
    }
}

fn has_bytes(path: &Path) -> Result<bool> {
    match fs::metadata(path) {
        Ok(meta) => Ok(meta.len() > 0),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error.into()),
    }
}

/// A connection that reads `db` as it is on disk and writes nothing, not even a lock or `-shm`.
pub(crate) fn open_immutable(db: &Path) -> rusqlite::Result<Connection> {
    let mut uri = String::from("file:");
    for byte in db.as_os_str().as_encoded_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => uri.push(char::from(*byte)),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// Copies `db` and whichever of its `-wal` and `-shm` exist into the fresh private directory
/// `into`, and answers the copy's path.
fn copy_database(db: &Path, into: &Path) -> Result<PathBuf> {
    let _ = fs::remove_dir_all(into);
    create_private_dir(into)?;
    let copy = into.join(DB_FILE);
    for side in SIDES {
        let from = side_file(db, side);
        if from.exists() {
            fs::copy(&from, side_file(&copy, side))?;
        }
    }
    Ok(copy)
}

/// Puts a finished recovery in place, should a crash have come between its steps, and clears
/// what an unfinished one left.
pub(crate) fn settle(dir: &Path) -> Result<()> {
    let _ = fs::remove_dir_all(dir.join(CHECKING));
    for side in SIDES {
        remove_if_there(&side_file(&dir.join(SALVAGING), side))?;
    }
    if dir.join(SALVAGED).exists() {
        put_in_place(dir)?;
    }
    Ok(())
}

/// The newest copy of any kind in the backup folders (`backups/` and the chosen one), if there
/// is one.
pub fn newest_backup(dir: &Path) -> Result<Option<Backup>> {
    Ok(newest_backup_path(dir)?.map(|path| Backup {
        taken: taken(&path).unwrap_or_default(),
    }))
}

fn newest_backup_path(dir: &Path) -> Result<Option<PathBuf>> {
    Ok(super::backup::found(dir).pop().map(|copy| copy.path))
}

/// When the copy at `path` was taken, from the stamp at the end of its name
/// (`…-20260301T201500123Z.db`, `…-20260301T201500123Z-2.db`, or an older Tend's
/// `…-20260301T201500Z.db`), as RFC 3339.
fn taken(path: &Path) -> Option<String> {
    Some(super::format_instant(BackupName::parse(path)?.taken.and_utc()))
}

/// Builds a new database from every row of the damaged one in `dir` that can still be read
/// (under `key`, and encrypted under it again), and puts it in place; the damaged files go to
/// `damaged/`, unchanged.
pub fn salvage(dir: &Path, key: Option<&MasterKey>) -> Result<Recovered> {
    let aside = dir.join(CHECKING);
    let copy = copy_database(&dir.join(DB_FILE), &aside)?;
    let result = rebuild_from(dir, &copy, key, key);
    let _ = fs::remove_dir_all(&aside);
    result
}

/// Puts the newest copy in `backups/` in place of the damaged database (whose files go to
/// `damaged/`, unchanged); anything written after the copy was taken is not in it.
pub fn restore_newest_backup(dir: &Path, key: Option<&MasterKey>) -> Result<Recovered> {
    let backup = newest_backup_path(dir)?.ok_or(Error::NoBackup)?;
    // Copies are sealed under the database's key once it has one; one that isn't yet is plain.
    let backup_key = match super::convert::is_plain(&backup)? {
        Some(false) => key,
        _ => None,
    };
    let aside = dir.join(CHECKING);
    let copy = copy_database(&backup, &aside)?;
    let result = rebuild_from(dir, &copy, backup_key, key);
    let _ = fs::remove_dir_all(&aside);
    result
}

/// Writes `tend.db.salvaged` (under `key`) from the rows `source` (under `source_key`) yields,
/// then puts it in place.
fn rebuild_from(
    dir: &Path,
    source: &Path,
    source_key: Option<&MasterKey>,
    key: Option<&MasterKey>,
) -> Result<Recovered> {
    let reopen = || -> Result<Connection> {
        let from = connect(source, source_key)?;
        from.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(from)
    };
    let from = reopen()?;
    // The schema's version, if even that can be read (the first page holds it).
    let version = user_version(&from).ok().filter(|v| (1..=latest_version()).contains(v));
    let target = dir.join(SALVAGING);
    for side in SIDES {
        remove_if_there(&side_file(&target, side))?;
    }
    super::ensure_private_file(&target)?;
    let mut to = connect(&target, key)?;
    to.pragma_update(None, "temp_store", "MEMORY")?;
    let version = version.unwrap_or(latest_version());
    MIGRATIONS.to_version(&mut to, version)?;
    let mut recovered = Recovered {
        check_ins: 0,
        entries: 0,
        unreadable: false,
    };
    {
        // Rows are copied as they are, foreign keys and all.
        to.pragma_update(None, "foreign_keys", "OFF")?;
        let tx = to.transaction()?;
        let tables = data_tables(&tx)?;
        for table in &tables {
            let (copied, unreadable) = copy_table(&from, &reopen, &tx, table, source_key.is_some())?;
            recovered.unreadable |= unreadable;
            match table.as_str() {
                "check_in" => recovered.check_ins = copied,
                "journal_entry" => recovered.entries = copied,
                _ => {}
            }
        }
        // Links to rows that couldn't be read are let go (in the tables this schema has).
        for (table, sql) in [
            (
                "check_in_label",
                "DELETE FROM check_in_label WHERE check_in_id NOT IN (SELECT id FROM check_in)",
            ),
            (
                "journal_entry",
                "UPDATE journal_entry SET check_in_id = NULL
                 WHERE check_in_id IS NOT NULL AND check_in_id NOT IN (SELECT id FROM check_in)",
            ),
            (
                "promise",
                "UPDATE promise SET check_in_id = NULL
                 WHERE check_in_id IS NOT NULL AND check_in_id NOT IN (SELECT id FROM check_in)",
            ),
            (
                "promise_event",
                "DELETE FROM promise_event WHERE promise_id NOT IN (SELECT id FROM promise)",
            ),
        ] {
            if tables.iter().any(|t| t == table) {
                tx.execute(sql, [])?;
            }
        }
        if version >= 5 {
            // The short-word index is written by Tend, not by triggers.
            super::search::index_every_row(&tx).map_err(|error| match error {
                rusqlite_migration::HookError::RusqliteError(error) => Error::Database(error),
                _ => Error::ConversionMismatch("search index"),
            })?;
        }
        tx.commit()?;
    }
    drop(from);
    MIGRATIONS.to_latest(&mut to)?;
    let verdict: String = to.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if verdict != "ok" {
        return Err(Error::ConversionMismatch("integrity_check"));
    }
    to.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    to.close().map_err(|(_, error)| error)?;
    fs::File::open(&target)?.sync_all()?;
    fs::rename(&target, dir.join(SALVAGED))?;
    sync_dir(dir)?;
    crate::failpoint::failpoint("recover.finished")?;
    put_in_place(dir)?;
    Ok(recovered)
}

/// The tables that hold what the person wrote and chose (not the search indexes, which are
/// written again from them).
fn data_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_schema
         WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%'
         ORDER BY name",
    )?;
    let names = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Copies every row of `table` that `from` can read into `to` (the columns both have), and
/// answers how many, and whether some could not be read. Rows are read in rowid order; where a
/// page can't be read, reading starts again further on, a little, then more, so one damaged page
/// costs the rows on it and not the table.
fn copy_table(
    from: &Connection,
    reopen: &dyn Fn() -> Result<Connection>,
    to: &Connection,
    table: &str,
    keyed: bool,
) -> Result<(usize, bool)> {
    let quoted = format!("\"{}\"", table.replace('"', "\"\""));
    let Ok(source_columns) = columns(from, &quoted) else {
        return Ok((0, true));
    };
    let wanted: Vec<String> = columns(to, &quoted)?
        .into_iter()
        .filter(|column| source_columns.contains(column))
        .collect();
    if wanted.is_empty() {
        return Ok((0, false));
    }
    let list = wanted
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(", ");
    let placeholders = vec!["?"; wanted.len()].join(", ");
    let mut insert = to.prepare(&format!(
        "INSERT OR IGNORE INTO {quoted} ({list}) VALUES ({placeholders})"
    ))?;
    // WITHOUT ROWID tables (labels, drafts, hidden prompts) have no rowid to step by.
    let has_rowid = from.prepare(&format!("SELECT rowid FROM {quoted} LIMIT 0")).is_ok();
    let mut copied = 0;
    let mut unreadable = false;
    if !has_rowid {
        // No rowid to step by (WITHOUT ROWID tables are small: labels, drafts, hidden prompts):
        // every row up to the first that can't be read.
        let read = (|| {
            let mut select = from.prepare(&format!("SELECT {list} FROM {quoted}"))?;
            let mut rows = select.query([])?;
            while let Some(row) = rows.next()? {
                let values = (0..wanted.len())
                    .map(|i| row.get::<_, rusqlite::types::Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                copied += insert.execute(params_from_iter(values))?;
            }
            Ok::<_, rusqlite::Error>(())
        })();
        if let Err(error) = read {
            if !is_damage(&error, keyed) {
                return Err(error.into());
            }
            unreadable = true;
        }
        return Ok((copied, unreadable));
    }
    // Reads from rowid `start` on, copying each row, until the end or a page that can't be read;
    // answers the last rowid copied, and the error that stopped it.
    let mut read_from = |from: &Connection, start: i64, copied: &mut usize| -> (Option<i64>, Option<rusqlite::Error>) {
        let mut last = None;
        let read = (|| {
            let mut select = from.prepare_cached(&format!(
                "SELECT rowid, {list} FROM {quoted} WHERE rowid >= ?1 ORDER BY rowid"
            ))?;
            let mut rows = select.query([start])?;
            while let Some(row) = rows.next()? {
                let rowid: i64 = row.get(0)?;
                let values = (1..=wanted.len())
                    .map(|i| row.get::<_, rusqlite::types::Value>(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                *copied += insert.execute(params_from_iter(values))?;
                last = Some(rowid);
            }
            Ok::<_, rusqlite::Error>(())
        })();
        (last, read.err())
    };
    // Whether a read from `start` gets at least one row before any error.
    let readable = |from: &Connection, start: i64| -> bool {
        let first = from
            .prepare_cached(&format!(
                "SELECT rowid FROM {quoted} WHERE rowid >= ?1 ORDER BY rowid LIMIT 1"
            ))
            .and_then(|mut s| s.query_row([start], |row| row.get::<_, i64>(0)));
        matches!(first, Ok(_) | Err(rusqlite::Error::QueryReturnedNoRows))
    };
    // A page that fails SQLCipher's check leaves its connection failing every read after it, so
    // under a key each step past damage reads through a connection of its own.
    let mut fresh: Option<Connection> = None;
    let mut next = i64::MIN;
    loop {
        let (last, error) = read_from(fresh.as_ref().unwrap_or(from), next, &mut copied);
        let Some(error) = error else { break };
        if !is_damage(&error, keyed) {
            return Err(error.into());
        }
        unreadable = true;
        let probe = |at: i64, fresh: &mut Option<Connection>| -> Result<bool> {
            if keyed {
                *fresh = Some(reopen()?);
            }
            Ok(readable(fresh.as_ref().unwrap_or(from), at))
        };
        // Past what was read (or where reading began), further on — a little, then twice as far
        // each time — to the first rowid it can go on from; then back, halving, to the nearest.
        let failed = last.unwrap_or(next.max(0)).saturating_add(1);
        let mut jump: i64 = 1;
        let mut found = None;
        while jump <= 1 << 40 {
            let at = failed.saturating_add(jump);
            if probe(at, &mut fresh)? {
                found = Some(at);
                break;
            }
            jump = jump.saturating_mul(2);
        }
        let Some(mut good) = found else { break };
        let mut bad = failed.saturating_add(jump / 2);
        while good - bad > 1 {
            let mid = bad + (good - bad) / 2;
            if probe(mid, &mut fresh)? {
                good = mid;
            } else {
                bad = mid;
            }
        }
        if keyed {
            fresh = Some(reopen()?);
        }
        next = good;
    }
    Ok((copied, unreadable))
}

fn columns(conn: &Connection, quoted_table: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(&format!("SELECT name FROM pragma_table_info({quoted_table})"))?;
    let names = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    if names.is_empty() {
        return Err(rusqlite::Error::QueryReturnedNoRows);
    }
    Ok(names)
}

/// Moves the damaged files into `damaged/<when>/` as they are, and the finished copy into their
/// place.
fn put_in_place(dir: &Path) -> Result<()> {
    let db = dir.join(DB_FILE);
    if SIDES.iter().any(|side| side_file(&db, side).exists()) {
        let damaged = dir.join(DAMAGED_DIR);
        create_private_dir(&damaged)?;
        let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string();
        let keep = damaged.join(stamp);
        create_private_dir(&keep)?;
        // The write-ahead log goes first: it must never be left beside the new file.
        for side in ["-wal", "-shm", ""] {
            let from = side_file(&db, side);
            if from.exists() {
                fs::rename(&from, side_file(&keep.join(DB_FILE), side))?;
            }
        }
        sync_dir(&keep)?;
    }
    fs::rename(dir.join(SALVAGED), &db)?;
    sync_dir(dir)
}
