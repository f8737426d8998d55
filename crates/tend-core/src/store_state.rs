//! Where the store stands while Tend runs: open, open for reading only, locked behind a
//! passphrase, in need of recovery, or unavailable for a reason. Later features change the state
//! at run time (unlocking, recovering, restoring); every command asks through [`SharedStore`]
//! and gets a gentle answer for each state instead of a panic or a half-done write.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

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
    /// It could not be opened at all, for this reason.
    Unavailable(CommandError),
}

impl StoreState {
    /// Opens the store in `dir` (none: there is nowhere to keep anything).
    pub fn open(dir: Option<PathBuf>) -> StoreState {
        let Some(dir) = dir else {
            return StoreState::Unavailable(CommandError::from(&Error::NoDataDir));
        };
        match Store::open(&dir) {
            Ok(store) => StoreState::Open(store),
            Err(error) => {
                // No variant carries user text (see `crate::error`), so it can be logged.
                eprintln!("tend: could not open the store: {error}");
                StoreState::Unavailable(CommandError::from(&error))
            }
        }
    }

    /// Why a read cannot be answered in this state, if it cannot.
    fn refusal(&self) -> Option<CommandError> {
        match self {
            StoreState::Open(_) | StoreState::ReadOnly(_) => None,
            StoreState::Locked => Some(CommandError::from(&Error::Locked)),
            StoreState::NeedsRecovery => Some(CommandError::from(&Error::NeedsRecovery)),
            StoreState::Unavailable(why) => Some(why.clone()),
        }
    }
}

/// The store state behind one lock, for every command and task that needs it.
#[derive(Debug)]
pub struct SharedStore(Mutex<StoreState>);

impl SharedStore {
    pub fn new(state: StoreState) -> SharedStore {
        SharedStore(Mutex::new(state))
    }

    fn lock(&self) -> MutexGuard<'_, StoreState> {
        // A poisoned lock means a command panicked mid-way; SQLite's transaction already rolled
        // back, so the store itself is still consistent and can be used.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers `f` from the store, in any state that can be read.
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T, CommandError> {
        let state = self.lock();
        match &*state {
            StoreState::Open(store) | StoreState::ReadOnly(store) => f(store).map_err(|e| answer(&e)),
            other => Err(other.refusal().unwrap_or_else(|| CommandError::from(&Error::ReadOnly))),
        }
    }

    /// Changes the store through `f`, only when it is open for writing.
    pub fn write<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T, CommandError> {
        let mut state = self.lock();
        match &mut *state {
            StoreState::Open(store) => f(store).map_err(|e| answer(&e)),
            StoreState::ReadOnly(_) => Err(CommandError::from(&Error::ReadOnly)),
            other => Err(other.refusal().unwrap_or_else(|| CommandError::from(&Error::ReadOnly))),
        }
    }

    /// Replaces the state (unlocking, recovering, restoring), returning the one before.
    pub fn replace(&self, state: StoreState) -> StoreState {
        std::mem::replace(&mut *self.lock(), state)
    }

    /// Runs `f` on the state as it stands, under the lock.
    pub fn inspect<T>(&self, f: impl FnOnce(&StoreState) -> T) -> T {
        f(&self.lock())
    }
}

/// The command's answer for `error`; a storage error is logged first (without user text).
fn answer(error: &Error) -> CommandError {
    if error.kind() == ErrorKind::Storage {
        eprintln!("tend: storage error: {error}");
    }
    CommandError::from(error)
}
