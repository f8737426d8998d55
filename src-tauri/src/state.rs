//! The one state value the shell manages: the store (in whatever state it stands), the
//! reminder scheduler, the background tasks' handle, and the screen to reopen on.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tend_core::SharedStore;
use tend_core::store::DirLock;
use tend_scheduler::{Scheduler, Tasks};

#[derive(Debug)]
pub struct Tend {
    pub store: Arc<SharedStore>,
    pub reminders: Arc<Scheduler>,
    /// Every background task (the scheduler, its listeners, the undo-window purges), stopped
    /// and awaited on exit.
    pub tasks: Tasks,
    /// The screen the person was on, kept while the window is closed so it opens there again.
    place: Mutex<Option<String>>,
    /// Whether the tray icon has been built (it follows the first screen).
    pub tray_built: std::sync::atomic::AtomicBool,
    /// When Tend started.
    pub started: Instant,
    /// Held for the life of the app: no other copy writes this data directory meanwhile.
    _lock: Option<DirLock>,
}

/// The longest screen name kept as the place to open on.
pub const PLACE_LIMIT: usize = 32;

impl Tend {
    /// Opens the store in `dir` under `lock`; the scheduler and tasks are made by the caller.
    pub fn new(
        dir: Option<PathBuf>,
        lock: Option<DirLock>,
        reminders: Arc<Scheduler>,
        tasks: Tasks,
        started: Instant,
    ) -> Tend {
        Tend {
            started,
            tray_built: std::sync::atomic::AtomicBool::new(false),
            store: Arc::new(SharedStore::open(dir)),
            reminders,
            tasks,
            place: Mutex::new(None),
            _lock: lock,
        }
    }

    pub fn place(&self) -> Option<String> {
        self.place.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Remembers the screen the person is on; a name longer than any of Tend's screens is not
    /// one of them and is ignored.
    pub fn remember_place(&self, place: &str) {
        if place.len() <= PLACE_LIMIT {
            *self.place.lock().unwrap_or_else(|p| p.into_inner()) = Some(place.to_owned());
        }
    }
}
