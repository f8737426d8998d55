//! The Tauri shell, one job per file: `window` (the window's life, open and closed), `tray`,
//! `host` (what the scheduler asks of the shell), `commands`, `navigation` (nothing but Tend's
//! own pages in the window), `already_open` (a second copy) and `state` (the one managed
//! value). Imports go one way: commands, tray and host use window; window uses navigation and
//! state. The domain is `tend-core`, the scheduler `tend-scheduler`; neither knows Tauri.

mod already_open;
pub mod commands;
pub mod dumps;
mod host;
pub mod logs;
mod navigation;
pub mod renderer;
mod state;
mod tray;
mod window;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager, Runtime};
use tend_core::store::DirLock;
use tend_scheduler::{Scheduler, Tasks};

pub use state::Tend;
use window::HIDDEN_ARG;

/// The environment variable that points Tend at another data directory (tests use it).
pub const DATA_DIR_ENV: &str = "TEND_DATA_DIR";

/// When the tray is built at the latest, if the first screen hasn't said it is ready by then.
const TRAY_AT_THE_LATEST: Duration = Duration::from_secs(2);

/// How long quitting waits for background work (a notification being sent, say) to end.
const STOP_WITHIN: Duration = Duration::from_secs(2);

/// Where Tend keeps its data: `TEND_DATA_DIR` if set, else the OS app-data directory for the
/// bundle identifier (on Linux `~/.local/share/app.tend.desktop`).
pub fn data_dir(app_data_dir: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(app_data_dir)
}

/// The one state value for `app`, with the store in `dir` and the scheduler started: what
/// `setup` manages, and what a test without a window can manage too.
pub fn open<R: Runtime>(app: &AppHandle<R>, dir: Option<PathBuf>, lock: Option<DirLock>, started: Instant) -> Tend {
    let tasks = Tasks::new(tauri::async_runtime::handle().inner().clone());
    let cache = app.path().app_cache_dir().ok();
    let reminders = Arc::new(Scheduler::open(dir.clone(), cache, host::Shell(app.clone())));
    reminders.start(&tasks);
    let tend = Tend::new(dir, lock, reminders, tasks, started);
    checkpoint_at_quiet_moments(&tend);
    tend
}

/// How often the store is asked to empty its write-ahead log, and how long nothing must have
/// been written before it does, so `tend.db` alone soon holds what was saved.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(15);
const QUIET_FOR: Duration = Duration::from_secs(10);

/// Stops every background task and waits for them, briefly; then the store closes, with a last
/// checkpoint.
pub fn stop<R: Runtime>(app: &AppHandle<R>) {
    if let Some(tend) = app.try_state::<Tend>() {
        tauri::async_runtime::block_on(tend.tasks.stop(STOP_WITHIN));
        tend.store.close();
    }
}

/// Only tests set it: seconds between checkpoints, and of quiet before one, in place of the
/// two above.
const CHECKPOINT_ENV: &str = "TEND_CHECKPOINT_SECONDS";
/// How long after a backup that couldn't be made the next is tried.
const BACKUP_RETRY: Duration = Duration::from_secs(60 * 60);

/// Checkpoints the store at quiet moments, for as long as Tend runs.
fn checkpoint_at_quiet_moments(tend: &Tend) {
    let (every, quiet) = match std::env::var(CHECKPOINT_ENV).ok().and_then(|s| s.parse().ok()) {
        Some(seconds) => (Duration::from_secs(seconds), Duration::from_secs(seconds)),
        None => (CHECKPOINT_EVERY, QUIET_FOR),
    };
    let store = tend.store.clone();
    tend.tasks.spawn(async move {
        // After a backup couldn't be made (a chosen folder unplugged, a full disk), the next
        // try waits a while rather than coming at every quiet moment.
        let mut next_backup = Instant::now();
        loop {
            tokio::time::sleep(every).await;
            let store = store.clone();
            let backup_now = Instant::now() >= next_backup;
            let backed_up = tokio::task::spawn_blocking(move || {
                store.checkpoint_when_quiet(quiet);
                // A day's copy when one is due (at most once a day; nothing while locked), at
                // a quiet moment, so no save waits behind it.
                if !backup_now || !store.is_quiet(quiet) {
                    return true;
                }
                store
                    .backup_if_due(chrono::Utc::now())
                    .inspect_err(|error| {
                        tracing::warn!(?error.kind, "the daily backup is tried again in an hour");
                    })
                    .is_ok()
            })
            .await;
            if !matches!(backed_up, Ok(true)) {
                next_backup = Instant::now() + BACKUP_RETRY;
            }
        }
    });
}

pub fn run() {
    let started = Instant::now();
    let result = tauri::Builder::default()
        // First, so a second launch is turned into "open the window" before anything starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::open_window(app);
        }))
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![HIDDEN_ARG]),
        ))
        .setup(move |app| {
            logs::start(app.path().app_log_dir().ok().as_deref());
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "Tend started");
            let dir = data_dir(|| app.path().app_data_dir().ok());
            // Before anything in the directory is opened: one writer per data directory.
            let lock = match dir.as_deref().map(DirLock::acquire).transpose() {
                Ok(lock) => lock,
                Err(tend_core::Error::DataDirInUse) => already_open::say_and_exit(),
                Err(error) => {
                    tracing::error!(%error, "could not lock the data directory");
                    None
                }
            };
            app.manage(open(app.handle(), dir, lock, started));
            tracing::info!(
                storage = app.state::<Tend>().store.storage().name(),
                "the store at start"
            );
            if std::env::args().any(|arg| arg == HIDDEN_ARG) {
                tray::build_once(app.handle());
            } else {
                // The window first: the tray (a few tens of milliseconds of D-Bus and an icon
                // file) follows once the first screen is ready, or after a moment at the latest.
                window::open_window(app.handle());
                let handle = app.handle().clone();
                app.state::<Tend>().tasks.spawn(async move {
                    tokio::time::sleep(TRAY_AT_THE_LATEST).await;
                    let app = handle.clone();
                    let _ = handle.run_on_main_thread(move || tray::build_once(&app));
                });
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!("../tauri.conf.json"));
    match result {
        Ok(app) => app.run(|app, event| match event {
            // The last window closed: keep running, so reminders keep coming. Quit (tray, app)
            // asks with a code and is let through.
            tauri::RunEvent::ExitRequested { code: None, api, .. } => {
                api.prevent_exit();
                window::window_closed(app);
            }
            tauri::RunEvent::Exit => {
                tracing::info!("Tend is quitting");
                stop(app);
            }
            _ => {}
        }),
        Err(error) => {
            // Reaching here means the window system or webview could not start; no user text is
            // involved, so the error can be printed as it is.
            eprintln!("tend: could not start: {error}");
            std::process::exit(1);
        }
    }
}
