//! The Tauri shell: it opens the store in `setup`, manages one state value, and turns each
//! command into one call into `tend-core`. Logic that grows past a few lines belongs there.

mod already_open;
mod background;
mod commands;
mod navigation;
mod reminders;
mod state;

use std::path::PathBuf;
use std::sync::Arc;

use tauri::Manager;
use tend_core::store::DirLock;

use crate::background::{HIDDEN_ARG, Place};
use crate::reminders::Reminders;

pub use state::AppState;

/// The environment variable that points Tend at another data directory (tests use it).
pub const DATA_DIR_ENV: &str = "TEND_DATA_DIR";

/// Where Tend keeps its data: `TEND_DATA_DIR` if set, else the OS app-data directory for the
/// bundle identifier (on Linux `~/.local/share/app.tend.desktop`).
pub fn data_dir(app_data_dir: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(app_data_dir)
}

pub fn run() {
    let result = tauri::Builder::default()
        // First, so a second launch is turned into "open the window" before anything starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            background::open_window(app);
        }))
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![HIDDEN_ARG]),
        ))
        .setup(|app| {
            let dir = data_dir(|| app.path().app_data_dir().ok());
            // Before anything in the directory is opened: one writer per data directory.
            let lock = match dir.as_deref().map(DirLock::acquire).transpose() {
                Ok(lock) => lock,
                Err(tend_core::Error::DataDirInUse) => already_open::say_and_exit(),
                Err(error) => {
                    eprintln!("tend: could not lock the data directory: {error}");
                    None
                }
            };
            let reminders = Arc::new(Reminders::open(dir.clone(), app.path().app_cache_dir().ok()));
            app.manage(AppState::open(dir, lock));
            app.manage(reminders.clone());
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(reminders.clone().run(handle.clone()));
            tauri::async_runtime::spawn(reminders.clone().listen_for_actions(handle));
            tauri::async_runtime::spawn(reminders.wake_on_resume());
            app.manage(Place::default());
            if let Err(error) = background::build_tray(app.handle()) {
                // A desktop without a tray still has the app menu and a second launch.
                eprintln!("tend: no tray icon: {error}");
            }
            if !std::env::args().any(|arg| arg == HIDDEN_ARG) {
                background::open_window(app.handle());
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::save_check_in,
            commands::update_check_in,
            commands::delete_check_in,
            commands::restore_check_in,
            commands::timeline,
            commands::check_ins_on,
            commands::calendar_month,
            commands::known_labels,
            commands::insights,
            commands::preferences,
            commands::set_preferences,
            commands::save_entry,
            commands::entry,
            commands::journal,
            commands::delete_entry,
            commands::restore_entry,
            commands::journal_tags,
            commands::search,
            commands::prompts,
            commands::add_prompt,
            commands::set_prompt_hidden,
            commands::reminders,
            commands::set_reminders,
            commands::pause_reminders,
            commands::resume_reminders,
            commands::send_test_reminder,
            commands::place,
            commands::remember_place,
            commands::check_in_draft,
            commands::keep_check_in_draft,
            commands::autostart,
            commands::set_autostart,
            commands::quit,
        ])
        .build(tauri::generate_context!("../tauri.conf.json"));
    match result {
        Ok(app) => app.run(|app, event| match event {
            // The last window closed: keep running, so reminders keep coming. Quit (tray, app)
            // asks with a code and is let through.
            tauri::RunEvent::ExitRequested { code: None, api, .. } => {
                api.prevent_exit();
                background::window_closed(app);
            }
            tauri::RunEvent::Exit => app.state::<Arc<Reminders>>().stop(),
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
