//! Where the store stands while Tend runs: open, open for reading only, locked behind a
//! passphrase, in need of recovery, or unavailable for a reason. Later features change the state
//! at run time (unlocking, recovering, restoring); every command asks through [`SharedStore`]
//! and gets a gentle answer for each state instead of a panic or a half-done write.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::backup::{self, BackupInfo};
use crate::store::convert;
use crate::store::recover::{self, Backup, Recovered};
use crate::vault::{KEY_FILE, KeyFile, MasterKey, Passphrase, RecoveryKey};
use crate::{CommandError, Error, ErrorKind, Result, Store};

/// The store, as it stands just now.
#[derive(Debug)]
pub enum StoreState {
    /// Open for reading and writing.
    Open(Store),
    /// Open, but only for reading (a copy from a newer Tend, say): every write is refused and
    /// changes nothing.
    ReadOnly(Store),
    /// Protected by a passphrase that has not been given yet.
    Locked,
    /// The database looks damaged; nothing is read or written until it is recovered.
    NeedsRecovery,
    /// It could not be opened at all, for this reason; and whether opening again can help
    /// (once space is freed, or a folder comes back), rather than only repeat the answer.
    Unavailable(CommandError, bool),
}

impl StoreState {
    /// Opens the store in `dir` (none: there is nowhere to keep anything); behind a passphrase,
    /// it stays locked until the passphrase is given.
    pub fn open(dir: Option<PathBuf>) -> StoreState {
        let Some(dir) = dir else {
            return StoreState::Unavailable(CommandError::from(&Error::NoDataDir), false);
        };
        // A restore or a conversion a crash interrupted is settled before the key file is looked
        // at (in a folder that can be written to: one that can't was left as it is).
        if let Err(error) = backup::settle(&dir).and_then(|()| convert::settle(&dir))
            && !error.is_read_only()
        {
            tracing::warn!(%error, "could not open the store");
            return StoreState::Unavailable(CommandError::from(&error), error.may_pass());
        }
        if dir.join(KEY_FILE).exists() {
            return StoreState::Locked;
        }
        StoreState::opened(&dir, None).0
    }

    /// The state `Store::open_keyed(dir, key)` leaves, and the key again when the store needs
    /// recovery (recovering writes the new file under it).
    fn opened(dir: &Path, key: Option<MasterKey>) -> (StoreState, Option<MasterKey>) {
        let again = key.as_ref().map(MasterKey::duplicate);
        match Store::open_keyed(dir, key) {
            Ok(store) if store.is_read_only() => (StoreState::ReadOnly(store), None),
            Ok(store) => (StoreState::Open(store), None),
            Err(Error::Damaged) => {
                tracing::warn!("the database does not read as whole; it is left as it is");
                (StoreState::NeedsRecovery, again)
            }
            Err(error) => {
                // No variant carries user text (see `crate::error`), so it can be logged.
                tracing::warn!(%error, "could not open the store");
                (
                    StoreState::Unavailable(CommandError::from(&error), error.may_pass()),
                    None,
                )
            }
        }
    }

    /// Why a read cannot be answered in this state, if it cannot.
    fn refusal(&self) -> Option<CommandError> {
        match self {
            StoreState::Open(_) | StoreState::ReadOnly(_) => None,
            StoreState::Locked => Some(CommandError::from(&Error::Locked)),
            StoreState::NeedsRecovery => Some(CommandError::from(&Error::NeedsRecovery)),
            StoreState::Unavailable(why, _) => Some(why.clone()),
        }
    }
}

/// Whether a passphrase protects the store, and whether it is locked just now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Privacy {
    pub passphrase: bool,
    pub locked: bool,
    /// Unlocked with the recovery key: a new passphrase may be set without the old one.
    pub recovered: bool,
    /// Set only by tests (`TEND_AUTO_LOCK_SECONDS`, read by the shell): the idle time before
    /// Tend locks, in place of the person's choice.
    #[ts(type = "number | null")]
    pub auto_lock_seconds: Option<u32>,
}

#[derive(Debug)]
struct Inner {
    state: StoreState,
    /// Where the store lives, for unlocking (none in tests that build a state by hand).
    dir: Option<PathBuf>,
    recovered: bool,
    /// The key of a damaged encrypted database, kept while it waits to be recovered.
    damaged_key: Option<MasterKey>,
    /// When something was last written and not yet checkpointed.
    written: Option<Instant>,
}

/// Where the store stands, as the window needs to know it before showing anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(tag = "state", rename_all = "snake_case")]
pub enum Storage {
    Open,
    /// Only for reading: its folder can't be written to.
    ReadOnly,
    Locked,
    /// Damaged, left as it is, waiting for the person to choose how to recover.
    NeedsRecovery {
        backup: Option<Backup>,
    },
    /// It could not be opened, for this reason; `retry` when opening again can help (a full
    /// disk, a folder that couldn't be reached) rather than only repeat the answer.
    Unavailable {
        problem: CommandError,
        retry: bool,
    },
}

impl Storage {
    /// The state's name alone, as the logs say it (a problem's words stay out of them).
    pub fn name(&self) -> &'static str {
        match self {
            Storage::Open => "open",
            Storage::ReadOnly => "read_only",
            Storage::Locked => "locked",
            Storage::NeedsRecovery { .. } => "needs_recovery",
            Storage::Unavailable { .. } => "unavailable",
        }
    }
}

/// How to recover a damaged database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum Recovery {
    /// Every row that can still be read, into a new file.
    Salvage,
    /// The newest copy in `backups/`.
    NewestBackup,
}

/// The backups and the folder they are kept in, for the Data screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Backups {
    pub folder: String,
    /// Whether the person chose the folder (else it is inside Tend's own).
    pub chosen: bool,
    /// Newest first.
    pub backups: Vec<BackupInfo>,
}

/// The store state behind one lock, for every command and task that needs it.
#[derive(Debug)]
pub struct SharedStore(Mutex<Inner>);

impl SharedStore {
    pub fn new(state: StoreState) -> SharedStore {
        SharedStore(Mutex::new(Inner {
            state,
            dir: None,
            recovered: false,
            damaged_key: None,
            written: None,
        }))
    }

    /// The store in `dir`, opened (or locked) as [`StoreState::open`] says.
    pub fn open(dir: Option<PathBuf>) -> SharedStore {
        SharedStore(Mutex::new(Inner {
            state: StoreState::open(dir.clone()),
            dir,
            recovered: false,
            damaged_key: None,
            written: None,
        }))
    }

    /// Where the store stands, for the window to choose its first screen.
    pub fn storage(&self) -> Storage {
        let inner = self.lock();
        match &inner.state {
            StoreState::Open(_) => Storage::Open,
            StoreState::ReadOnly(_) => Storage::ReadOnly,
            StoreState::Locked => Storage::Locked,
            StoreState::NeedsRecovery => Storage::NeedsRecovery {
                backup: inner
                    .dir
                    .as_deref()
                    .and_then(|dir| recover::newest_backup(dir).ok().flatten()),
            },
            StoreState::Unavailable(problem, retry) => Storage::Unavailable {
                problem: problem.clone(),
                retry: *retry && inner.dir.is_some(),
            },
        }
    }

    /// Opens the store again after it could not be opened (space freed on a full disk, say).
    /// Any other state stays as it is.
    pub fn retry_open(&self) -> Storage {
        {
            let mut inner = self.lock();
            if matches!(inner.state, StoreState::Unavailable(..)) {
                inner.state = StoreState::open(inner.dir.clone());
            }
        }
        self.storage()
    }

    /// Recovers a damaged store `how` the person chose, and opens what it brings back. The
    /// damaged files are kept aside, unchanged. In any other state nothing is done.
    pub fn recover(&self, how: Recovery) -> Result<Recovered, CommandError> {
        let mut inner = self.lock();
        if !matches!(inner.state, StoreState::NeedsRecovery) {
            return Err(inner
                .state
                .refusal()
                .unwrap_or_else(|| CommandError::from(&Error::NeedsRecovery)));
        }
        let dir = inner.dir.clone().ok_or_else(|| CommandError::from(&Error::NoDataDir))?;
        let key = inner.damaged_key.as_ref();
        let recovered = match how {
            Recovery::Salvage => recover::salvage(&dir, key),
            Recovery::NewestBackup => recover::restore_newest_backup(&dir, key),
        }
        .map_err(|e| answer(&e))?;
        let key = inner.damaged_key.take();
        let (state, damaged_key) = StoreState::opened(&dir, key);
        inner.state = state;
        inner.damaged_key = damaged_key;
        Ok(recovered)
    }

    /// Takes a daily copy when one is due ([`Store::backup_if_due`]), only while the store is
    /// open for writing: locked, read-only, damaged or unavailable, nothing is done (the key is
    /// never asked for). Answers the copy taken.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<BackupInfo>, CommandError> {
        let inner = self.lock();
        match &inner.state {
            StoreState::Open(store) => store.backup_if_due(now).map_err(|e| answer(&e)),
            _ => Ok(None),
        }
    }

    /// The backups Tend keeps and where: read from the folder alone, so they are listed while
    /// Tend is locked or its notes are damaged too.
    pub fn backups(&self) -> Backups {
        let dir = self.lock().dir.clone();
        match dir {
            Some(dir) => Backups {
                folder: backup::backup_folder(&dir).display().to_string(),
                chosen: backup::backup_folder(&dir) != dir.join(crate::store::BACKUP_DIR),
                backups: backup::list_backups(&dir),
            },
            None => Backups::default(),
        }
    }

    /// Keeps the backups in `folder` from now on (`None`: back in Tend's own folder). A folder
    /// that can't be used is refused and nothing changes.
    pub fn set_backup_folder(&self, folder: Option<PathBuf>) -> Result<Backups, CommandError> {
        let dir = self
            .lock()
            .dir
            .clone()
            .ok_or_else(|| CommandError::from(&Error::NoDataDir))?;
        backup::set_backup_folder(&dir, folder).map_err(|e| answer(&e))?;
        Ok(self.backups())
    }

    /// Takes a copy now, whenever the last one was taken.
    pub fn back_up_now(&self, now: DateTime<Utc>) -> Result<Backups, CommandError> {
        self.read(|store| store.backup_now(now))?;
        Ok(self.backups())
    }

    /// Puts the copy named `id` in place of the open database ([`backup::restore_backup`]): the
    /// store closes, the database is kept as a copy, the chosen one is brought back, and the store
    /// opens again under the same key, so the person stays unlocked. A copy under another key
    /// opens with `passphrase` through its key file. Refused (with nothing changed) in any state
    /// but open for writing.
    pub fn restore_backup(
        &self,
        id: &str,
        passphrase: Option<&Passphrase>,
        now: DateTime<Utc>,
    ) -> Result<(), CommandError> {
        let mut inner = self.lock();
        if !matches!(inner.state, StoreState::Open(_)) {
            return Err(inner
                .state
                .refusal()
                .unwrap_or_else(|| CommandError::from(&Error::ReadOnly)));
        }
        let dir = inner.dir.clone().ok_or_else(|| CommandError::from(&Error::NoDataDir))?;
        let state = std::mem::replace(&mut inner.state, StoreState::Locked);
        let StoreState::Open(store) = state else {
            // Checked just above, under the same lock.
            inner.state = state;
            return Err(CommandError::from(&Error::ReadOnly));
        };
        let key = store.master_key();
        // Closed with a last checkpoint, so `tend.db` alone holds everything and no `-wal` is
        // left to be read with the file that replaces it.
        let result = store
            .close()
            .and_then(|()| backup::restore_backup(&dir, id, key.as_ref(), passphrase, now));
        let (state, damaged_key) = StoreState::opened(&dir, key);
        inner.state = state;
        inner.damaged_key = damaged_key;
        result.map_err(|e| answer(&e))
    }

    /// Closes the store for good (Tend is quitting): a last checkpoint, then the connection
    /// closes, so `tend.db` alone holds everything saved.
    pub fn close(&self) {
        let mut inner = self.lock();
        let state = std::mem::replace(
            &mut inner.state,
            StoreState::Unavailable(CommandError::from(&Error::Locked), false),
        );
        if let StoreState::Open(store) | StoreState::ReadOnly(store) = state
            && let Err(error) = store.close()
        {
            tracing::warn!(%error, "the store did not close cleanly");
        }
    }

    /// Whether nothing has been written for `quiet`: a moment to do work that holds the store a
    /// while (a backup) without keeping a save waiting.
    pub fn is_quiet(&self, quiet: Duration) -> bool {
        self.lock().written.is_none_or(|at| at.elapsed() >= quiet)
    }

    /// Empties the write-ahead log into the file once nothing has been written for `quiet`, so
    /// `tend.db` alone soon holds everything saved; answers whether it did.
    pub fn checkpoint_when_quiet(&self, quiet: Duration) -> bool {
        let mut inner = self.lock();
        if inner.written.is_none_or(|at| at.elapsed() < quiet) {
            return false;
        }
        let StoreState::Open(store) = &inner.state else {
            return false;
        };
        match store.checkpoint() {
            Ok(()) => {
                inner.written = None;
                true
            }
            Err(error) => {
                tracing::warn!(%error, "the write-ahead log is emptied at the next quiet moment");
                false
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A poisoned lock means a command panicked mid-way; SQLite's transaction already rolled
        // back, so the store itself is still consistent and can be used.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers `f` from the store, in any state that can be read.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T, CommandError> {
        let inner = self.lock();
        match &inner.state {
            StoreState::Open(store) | StoreState::ReadOnly(store) => f(store).map_err(|e| answer(&e)),
            other => Err(other.refusal().unwrap_or_else(|| CommandError::from(&Error::ReadOnly))),
        }
    }

    /// Changes the store through `f`, only when it is open for writing.
    pub fn write<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T, CommandError> {
        let mut inner = self.lock();
        inner.written = Some(Instant::now());
        match &mut inner.state {
            StoreState::Open(store) => f(store).map_err(|e| answer(&e)),
            StoreState::ReadOnly(_) => Err(CommandError::from(&Error::ReadOnly)),
            other => Err(other.refusal().unwrap_or_else(|| CommandError::from(&Error::ReadOnly))),
        }
    }

    /// Replaces the state (unlocking, recovering, restoring), returning the one before.
    pub fn replace(&self, state: StoreState) -> StoreState {
        std::mem::replace(&mut self.lock().state, state)
    }

    /// Runs `f` on the state as it stands, under the lock.
    pub fn inspect<T>(&self, f: impl FnOnce(&StoreState) -> T) -> T {
        f(&self.lock().state)
    }

    /// Whether a passphrase is set and whether the store is locked.
    pub fn privacy(&self) -> Privacy {
        let inner = self.lock();
        let (passphrase, locked) = match &inner.state {
            StoreState::Open(store) | StoreState::ReadOnly(store) => (store.is_encrypted(), false),
            StoreState::Locked => (true, true),
            StoreState::NeedsRecovery | StoreState::Unavailable(..) => {
                (inner.dir.as_deref().is_some_and(|d| d.join(KEY_FILE).exists()), false)
            }
        };
        Privacy {
            passphrase,
            locked,
            recovered: inner.recovered && !locked,
            auto_lock_seconds: None,
        }
    }

    /// Opens the locked store with `passphrase`. Anything else than the right passphrase leaves
    /// every file as it was. A damaged database is left as it is, waiting to be recovered.
    pub fn unlock(&self, passphrase: &Passphrase) -> Result<(), CommandError> {
        self.unlock_by(|file| file.unlock(passphrase), false)
    }

    /// Opens the locked store with the recovery key typed as `typed`; a new passphrase may then
    /// be set without the old one.
    pub fn unlock_with_recovery(&self, typed: &str) -> Result<(), CommandError> {
        let key = RecoveryKey::parse(typed).map_err(|e| answer(&e))?;
        self.unlock_by(|file| file.unlock_with_recovery(&key), true)
    }

    fn unlock_by(
        &self,
        unseal: impl FnOnce(&KeyFile) -> Result<MasterKey>,
        recovered: bool,
    ) -> Result<(), CommandError> {
        let mut inner = self.lock();
        if !matches!(inner.state, StoreState::Locked) {
            return Ok(());
        }
        let dir = inner.dir.clone().ok_or_else(|| CommandError::from(&Error::NoDataDir))?;
        // The key file says whether the key is the right one, so a wrong passphrase is never
        // taken for damage.
        let file = KeyFile::read(&dir)
            .map_err(|e| answer(&e))?
            .ok_or_else(|| CommandError::from(&Error::NotEncrypted))?;
        let key = unseal(&file).map_err(|e| answer(&e))?;
        match StoreState::opened(&dir, Some(key)) {
            (StoreState::Unavailable(problem, _), _) => Err(problem),
            (state, damaged_key) => {
                inner.state = state;
                inner.damaged_key = damaged_key;
                inner.recovered = recovered;
                Ok(())
            }
        }
    }

    /// Locks a store behind a passphrase: its connection closes and the key goes with it.
    /// A store without a passphrase stays as it is.
    pub fn lock_now(&self) -> bool {
        let mut inner = self.lock();
        let encrypted =
            matches!(&inner.state, StoreState::Open(store) | StoreState::ReadOnly(store) if store.is_encrypted());
        if encrypted {
            if let StoreState::Open(store) = &inner.state
                && let Err(error) = store.tidy_index()
            {
                tracing::warn!(%error, "the search index is tidied at the next quiet moment");
            }
            // Dropping the store closes its connection (a checkpoint into the encrypted file)
            // and zeroizes its master key.
            inner.state = StoreState::Locked;
            inner.recovered = false;
        }
        // A damaged encrypted store waiting for recovery holds its key too: it goes the same
        // way, and the passphrase is asked again before anyone can choose how to recover.
        let waiting = matches!(inner.state, StoreState::NeedsRecovery) && inner.damaged_key.is_some();
        if waiting {
            inner.damaged_key = None;
            inner.state = StoreState::Locked;
        }
        encrypted || waiting || matches!(inner.state, StoreState::Locked)
    }

    /// Sets the first passphrase: the database (and its copies) are encrypted, and the recovery
    /// key to show once comes back.
    pub fn set_passphrase(&self, passphrase: &Passphrase) -> Result<RecoveryKey, CommandError> {
        self.write(|store| store.encrypt(passphrase))
    }

    /// Changes the passphrase; `current` must open the key file, unless Tend was just opened
    /// with the recovery key.
    pub fn change_passphrase(&self, current: Option<&Passphrase>, new: &Passphrase) -> Result<(), CommandError> {
        let mut inner = self.lock();
        let recovered = inner.recovered;
        let StoreState::Open(store) = &inner.state else {
            return Err(inner
                .state
                .refusal()
                .unwrap_or_else(|| CommandError::from(&Error::ReadOnly)));
        };
        if !recovered {
            check_current(store, current)?;
        }
        store.change_passphrase(new).map_err(|e| answer(&e))?;
        inner.recovered = false;
        Ok(())
    }

    /// Turns encryption off, once `current` opens the key file.
    pub fn remove_passphrase(&self, current: &Passphrase) -> Result<(), CommandError> {
        self.write(|store| {
            check_current(store, Some(current)).map_err(|_| Error::PassphraseNotAccepted)?;
            store.decrypt()
        })
    }
}

fn check_current(store: &Store, current: Option<&Passphrase>) -> Result<(), CommandError> {
    let file = KeyFile::read(store.dir())
        .map_err(|e| answer(&e))?
        .ok_or_else(|| CommandError::from(&Error::NotEncrypted))?;
    let current = current.ok_or_else(|| CommandError::from(&Error::PassphraseNotAccepted))?;
    file.unlock(current).map(drop).map_err(|e| answer(&e))
}

/// The command's answer for `error`; a storage error is logged first (without user text).
fn answer(error: &Error) -> CommandError {
    if error.kind() == ErrorKind::Storage {
        tracing::warn!(%error, "storage error");
    }
    CommandError::from(error)
}
