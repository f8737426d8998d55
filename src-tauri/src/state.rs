//! The one state value the shell manages: the store, or why it could not be opened (a newer
//! database, say), so every command can answer gently instead of the app failing to start.

use std::path::PathBuf;
use std::sync::Mutex;

use tend_core::store::DirLock;
use tend_core::{CommandError, Error, ErrorKind, Store};

#[derive(Debug)]
pub struct AppState {
    store: Result<Mutex<Store>, CommandError>,
    /// Held for the life of the app: no other copy writes this data directory meanwhile.
    _lock: Option<DirLock>,
}

impl AppState {
    pub fn open(dir: Option<PathBuf>, lock: Option<DirLock>) -> AppState {
        let store = match dir {
            Some(dir) => Store::open(&dir).map(Mutex::new).map_err(|error| {
                eprintln!("tend: could not open the store: {error}");
                CommandError::from(&error)
            }),
            None => Err(CommandError::from(&Error::Io(std::io::Error::other(
                "no data directory",
            )))),
        };
        AppState { store, _lock: lock }
    }

    /// Runs `f` with the store. Errors are logged without user text (see `tend_core::Error`).
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> tend_core::Result<T>) -> Result<T, CommandError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A poisoned lock means a command panicked mid-way; SQLite's transaction already rolled
        // back, so the store itself is still consistent and can be used.
        let mut store = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut store).map_err(|error| {
            if error.kind() == ErrorKind::Storage {
                eprintln!("tend: storage error: {error}");
            }
            CommandError::from(&error)
        })
    }
}
