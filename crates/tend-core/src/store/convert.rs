//! Turning encryption on and off for a database that already holds words.
//!
//! The database is copied with `sqlcipher_export()` into `tend.db.converting` under the new key
//! (or none), the copy is checked against the original table by table and synced, and only then
//! swapped in by a rename. The key file is written before an encrypted copy is swapped in and
//! removed after a plain one is, so the database and the key file never disagree in a way that
//! loses words: the one state a crash can leave between them is a plain database beside a key
//! file, which [`settle`] resolves at the next start by removing the key file (the plain
//! database holds every row). The old `-wal` and `-shm` go only after a full checkpoint, so a
//! crash after their removal still finds every word in the old file.
//!
//! Copies in the backup folders follow the database: sealed under the key once it is set, each
//! with the key file beside it (and again at every keyed open, should a crash have come
//! between), opened again before the key goes, their key files with them.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::failpoint::failpoint;
use crate::vault::{KEY_FILE, KEY_TEMP_PREFIX, KeyFile, MasterKey, Passphrase, RecoveryKey, sync_dir};
use crate::{Error, Result};

use super::{BACKUP_DIR, DB_FILE, Store, configure, connect, restrict_file, user_version};

/// The copy a conversion writes before it is swapped in.
pub const CONVERTING: &str = "tend.db.converting";

/// What a SQLite file's first sixteen bytes say when it is not encrypted.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` is a plain SQLite database (`None`: missing or empty, so neither).
pub fn is_plain(path: &Path) -> Result<Option<bool>> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok(match read {
        0 => None,
        _ => Some(header == *PLAIN_HEADER),
    })
}

/// Finishes what a conversion interrupted by a crash left, before anything opens `dir`'s
/// database: the half-written copies go (of the database, of a copy in `backups/`, of the key
/// file), and a key file beside a plain database goes (the conversion to encrypted stopped before
/// its swap, or the one to plain after it).
pub fn settle(dir: &Path) -> Result<()> {
    for leftover in [CONVERTING.to_owned(), format!("{CONVERTING}-journal")] {
        remove_if_there(&dir.join(leftover))?;
    }
    if let Ok(entries) = fs::read_dir(dir.join(BACKUP_DIR)) {
        for entry in entries.filter_map(|entry| entry.ok()) {
            // A copy being sealed or opened, or taken before a migration, and the rollback
            // journal SQLite keeps beside it while it is written.
            if entry
                .path()
                .extension()
                .is_some_and(|ext| ext == "converting" || ext == "converting-journal")
            {
                remove_if_there(&entry.path())?;
            }
        }
    }
    // A key file a crash stopped before it was renamed into place (`KeyFile::write`): the one
    // in place, if any, is whole and is the one that counts.
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.filter_map(|entry| entry.ok()) {
            if entry.file_name().to_string_lossy().starts_with(KEY_TEMP_PREFIX) {
                remove_if_there(&entry.path())?;
            }
        }
    }
    if dir.join(KEY_FILE).exists() && is_plain(&dir.join(DB_FILE))? == Some(true) {
        KeyFile::remove(dir)?;
    }
    Ok(())
}

impl Store {
    /// Whether this store's database is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// Encrypts the database under a new master key sealed by `passphrase`, and returns the
    /// recovery key to show the person once. A failure before the encrypted copy is in place
    /// leaves the database as it was, plain, with every row, and no key file. Once it is in
    /// place the database is encrypted, whatever follows: the recovery key comes back, and a
    /// later step that didn't finish (sealing the backups, say) is logged and done again at the
    /// next unlock.
    pub fn encrypt(&mut self, passphrase: &Passphrase) -> Result<RecoveryKey> {
        if self.key.is_some() || KeyFile::read(&self.dir)?.is_some() {
            return Err(Error::AlreadyEncrypted);
        }
        let (file, master, recovery) = KeyFile::create(passphrase)?;
        let copy = self.dir.join(CONVERTING);
        let result = self.export_verified(&copy, Some(&master)).and_then(|()| {
            file.write(&self.dir)?;
            failpoint("encrypt.key-written")
        });
        if let Err(error) = result {
            let _ = fs::remove_file(&copy);
            let _ = KeyFile::remove(&self.dir);
            return Err(error);
        }
        if let Err(error) = self.swap_in(&copy, Some(master)) {
            if !self.is_encrypted() {
                // Not swapped: undone, as long as the database is known to be the plain one (if
                // it can't be read, the next start settles it by the same rule).
                let _ = fs::remove_file(&copy);
                if is_plain(&self.dir.join(DB_FILE)).ok().flatten() == Some(true) {
                    let _ = KeyFile::remove(&self.dir);
                }
                return Err(error);
            }
            tracing::warn!(%error, "encrypted; a step after the swap didn't finish");
        }
        if let Err(error) = self.seal_backups() {
            tracing::warn!(%error, "the copies in backups/ are sealed at the next unlock");
        }
        Ok(recovery)
    }

    /// Turns encryption off: the database becomes plain again, with every row, and the key file
    /// goes. Copies in `backups/` are opened first, so none is left under a key that is gone;
    /// should a later step fail before the swap, they are sealed again.
    pub fn decrypt(&mut self) -> Result<()> {
        if self.key.is_none() {
            return Err(Error::NotEncrypted);
        }
        let copy = self.dir.join(CONVERTING);
        self.convert_damaged(None);
        let result = self
            .convert_backups(None)
            .and_then(|()| self.export_verified(&copy, None))
            .and_then(|()| self.swap_in(&copy, None));
        if let Err(error) = result {
            if self.is_encrypted() {
                let _ = fs::remove_file(&copy);
                let _ = self.seal_backups();
                return Err(error);
            }
            tracing::warn!(%error, "decrypted; a step after the swap didn't finish");
        }
        // The plain database is whole now; a key file left beside it is removed at the next
        // start (`settle`) should this fail.
        if let Err(error) = KeyFile::remove(&self.dir).and_then(|()| failpoint("decrypt.key-removed")) {
            tracing::warn!(%error, "the key file goes at the next start");
        }
        Ok(())
    }

    /// Seals every plain copy in the backup folders under this store's key, and gives every copy
    /// under it the key file of now beside it (none: nothing to do).
    pub(crate) fn seal_backups(&self) -> Result<()> {
        match &self.key {
            Some(key) => {
                self.convert_damaged(Some(key));
                self.convert_backups(Some(key))?;
                self.refresh_key_copies()
            }
            None => Ok(()),
        }
    }

    /// Writes a copy of the database to `copy` under `key`, checks it holds what the database
    /// holds, and syncs it.
    fn export_verified(&self, copy: &Path, key: Option<&MasterKey>) -> Result<()> {
        let _ = fs::remove_file(copy);
        export(&self.conn, copy, key)?;
        failpoint("convert.exported")?;
        verify(&self.conn, copy, key)?;
        fs::File::open(copy)?.sync_all()?;
        failpoint("convert.verified")
    }

    /// Closes the database after a full checkpoint, removes its `-wal` and `-shm`, renames
    /// `copy` over it and opens that under `key`. Whatever step fails, the store is opened again
    /// on whichever file is in place, with the key that file needs (`self.key` says which).
    fn swap_in(&mut self, copy: &Path, key: Option<MasterKey>) -> Result<()> {
        let db = self.dir.join(DB_FILE);
        let result = (|| {
            checkpoint_fully(&self.conn)?;
            let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
            old.close().map_err(|(_, error)| error)?;
            for side in ["-wal", "-shm"] {
                remove_if_there(&side_file(&db, side))?;
            }
            failpoint("convert.closed")?;
            fs::rename(copy, &db)?;
            sync_dir(&self.dir)?;
            failpoint("convert.swapped")
        })();
        // Only a file known to be the new one counts as swapped.
        if matches!(is_plain(&db), Ok(Some(plain)) if plain == key.is_none()) {
            self.key = key;
        }
        let reopened = failpoint("convert.reopen")
            .and_then(|()| connect(&db, self.key.as_ref()))
            .and_then(|conn| {
                configure(&conn)?;
                Ok(conn)
            });
        match reopened {
            Ok(conn) => self.conn = conn,
            Err(error) => {
                // The in-memory stand-in has no tables: every later call fails, none is lost.
                tracing::warn!(%error, "could not open the database again after converting");
                return result.and(Err(error));
            }
        }
        result
    }

    /// Rewrites every copy in the backup folders that is not under `to` (a key, or none for
    /// plain). A sealed copy gets the key file beside it before it is renamed in; an opened one
    /// loses its key file after. A copy under another key than this store's (brought from
    /// elsewhere) is left as it is.
    fn convert_backups(&self, to: Option<&MasterKey>) -> Result<()> {
        let key_file = match to {
            Some(_) => Some(KeyFile::read(&self.dir)?.ok_or(Error::NotEncrypted)?),
            None => None,
        };
        for copy in super::backup::found(&self.dir) {
            let path = copy.path;
            let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
            if is_plain(&path)? != Some(to.is_some()) {
                if to.is_none() {
                    remove_if_there(&super::backup::key_of(&path))?;
                }
                continue;
            }
            let from = if to.is_some() { None } else { self.key.as_ref() };
            let Ok(source) = connect(&path, from).and_then(|source| {
                source.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
                Ok(source)
            }) else {
                tracing::warn!("a copy under another key is left as it is");
                continue;
            };
            // The export's sorting stays in memory, never in a temporary file.
            source.pragma_update(None, "temp_store", "MEMORY")?;
            let copy = path.with_extension("db.converting");
            let _ = fs::remove_file(&copy);
            export(&source, &copy, to)?;
            verify(&source, &copy, to)?;
            source.close().map_err(|(_, error)| error)?;
            fs::File::open(&copy)?.sync_all()?;
            restrict_file(&copy)?;
            if let Some(file) = &key_file {
                let key_path = super::backup::key_of(&path);
                file.write_as(&folder, &key_path.file_name().unwrap_or_default().to_string_lossy())?;
                restrict_file(&key_path)?;
            }
            fs::rename(&copy, &path)?;
            sync_dir(&folder)?;
            if to.is_none() {
                remove_if_there(&super::backup::key_of(&path))?;
            }
            failpoint("convert.backup")?;
        }
        Ok(())
    }
}

/// Removes the file at `path`; one that isn't there is already as wanted.
pub(crate) fn remove_if_there(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error.into()),
    }
}

pub(crate) fn side_file(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Copies every table of `conn`'s main database into a new file at `to`, under `key`.
pub(crate) fn export(conn: &Connection, to: &Path, key: Option<&MasterKey>) -> Result<()> {
    let target = to
        .to_str()
        .ok_or_else(|| std::io::Error::other("the data directory's path is not UTF-8"))?;
    // Created here, empty and private, as the connection may not create files (and SQLite would
    // give it the umask's mode).
    super::ensure_private_file(to)?;
    let key_value = key.map(MasterKey::pragma_value);
    let key_text: &str = key_value.as_deref().map_or("", String::as_str);
    conn.execute("ATTACH DATABASE ?1 AS converting KEY ?2", [target, key_text])?;
    let result = (|| {
        conn.query_row("SELECT sqlcipher_export('converting')", [], |_| Ok(()))?;
        // sqlcipher_export copies tables, not the header's schema version.
        let version = user_version(conn)?;
        conn.execute_batch(&format!("PRAGMA converting.user_version = {version}"))?;
        Ok(())
    })();
    conn.execute("DETACH DATABASE converting", [])?;
    restrict_file(to)?;
    result
}

/// Checks the copy at `copy` (under `key`) is whole and holds as many rows in every table as
/// `conn`'s database.
pub(crate) fn verify(conn: &Connection, copy: &Path, key: Option<&MasterKey>) -> Result<()> {
    let check = Connection::open_with_flags(copy, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if let Some(key) = key {
        super::apply_key(&check, key)?;
    }
    let verdict: String = check.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
    if verdict != "ok" {
        return Err(Error::ConversionMismatch("quick_check"));
    }
    if user_version(&check)? != user_version(conn)? {
        return Err(Error::ConversionMismatch("schema version"));
    }
    let tables = table_names(conn)?;
    if table_names(&check)? != tables {
        return Err(Error::ConversionMismatch("tables"));
    }
    for table in tables {
        let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let here: i64 = conn.query_row(&sql, [], |row| row.get(0))?;
        let there: i64 = check.query_row(&sql, [], |row| row.get(0))?;
        if here != there {
            return Err(Error::ConversionMismatch("row counts"));
        }
    }
    Ok(())
}

/// Every ordinary table, the full-text indexes' own tables included.
fn table_names(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?;
    let names = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Moves every frame of the WAL into the database file and empties the WAL, or says why not.
fn checkpoint_fully(conn: &Connection) -> Result<()> {
    let (busy, log, done): (i64, i64, i64) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
    })?;
    if busy != 0 || log != done {
        return Err(Error::ConversionMismatch("checkpoint"));
    }
    Ok(())
}

/// The store in `dir`, opened with the master key `passphrase` unseals.
pub fn unlock(dir: &Path, passphrase: &Passphrase) -> Result<Store> {
    let file = KeyFile::read(dir)?.ok_or(Error::NotEncrypted)?;
    Store::open_keyed(dir, Some(file.unlock(passphrase)?))
}

/// As [`unlock`], with the recovery key.
pub fn unlock_with_recovery(dir: &Path, recovery: &RecoveryKey) -> Result<Store> {
    let file = KeyFile::read(dir)?.ok_or(Error::NotEncrypted)?;
    Store::open_keyed(dir, Some(file.unlock_with_recovery(recovery)?))
}

impl Store {
    /// Seals this store's master key under `new` in place of the passphrase before (the
    /// recovery key stays as it was). Only the key file changes, atomically, and then the key
    /// files beside the copies, each atomically.
    pub fn change_passphrase(&self, new: &Passphrase) -> Result<()> {
        let key = self.key.as_ref().ok_or(Error::NotEncrypted)?;
        let file = KeyFile::read(&self.dir)?.ok_or(Error::NotEncrypted)?;
        file.with_passphrase(key, new)?.write(&self.dir)?;
        // The copies' key files follow, so the passphrase of now opens every copy. Should this
        // not finish, the next unlock does it (`seal_backups`).
        if let Err(error) = self.refresh_key_copies() {
            tracing::warn!(%error, "the copies' key files follow at the next unlock");
        }
        Ok(())
    }
}
