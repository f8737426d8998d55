//! Tend's life with the window closed: closing the window destroys its webview (so WebKit's
//! processes exit and the waiting process stays small) while the scheduler keeps running; the
//! tray, a second launch, or a notification action opens the window again, on the screen the
//! person was on. Started at login, Tend starts without a window.

use tauri::{AppHandle, Emitter, Manager, Runtime, WebviewWindowBuilder};
use tend_core::events::{LOCK_REQUESTED, OPEN_CHECK_IN};

use crate::state::Tend;
use crate::{navigation, renderer};

/// The argument autostart adds, so a start at login opens no window.
pub const HIDDEN_ARG: &str = "--hidden";

/// Opens the main window, or brings it to the front if it is open.
pub fn open_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == "main") else {
        return;
    };
    let built = WebviewWindowBuilder::from_config(app, config).and_then(|builder| {
        let builder = match webview_data_dir() {
            Some(dir) => builder.data_directory(dir),
            None => builder,
        };
        navigation::guard(builder, app).build()
    });
    match built {
        Ok(window) => {
            navigation::trim_context_menu(&window);
            renderer::tune(&window);
            let _ = window.set_focus();
        }
        Err(error) => tracing::error!(%error, "could not open the window"),
    }
}

/// Starts the window again on a fresh page, if it is open: after locking, nothing that was on
/// screen is left in the page or its script's memory.
pub fn fresh_page<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.reload();
    }
}

/// Locks Tend (the tray, sleep, the screen locking): an open window saves every word first and
/// then asks to lock; with no window there is nothing unsaved, and the store locks at once.
/// Without a passphrase there is nothing to lock, and nothing happens.
pub fn lock<R: Runtime>(app: &AppHandle<R>) {
    let tend = app.state::<Tend>();
    if !tend.store.privacy().passphrase {
        return;
    }
    match app.get_webview_window("main") {
        Some(window) => {
            if window.emit(LOCK_REQUESTED, ()).is_err() {
                tracing::warn!("the window didn't take the request to lock");
            }
        }
        None => {
            tend.store.lock_now();
        }
    }
}

/// Where WebKit keeps what it keeps of the page (its caches, storage it never needs): the
/// session's runtime directory, which lives in memory and is emptied at logout, so nothing of
/// WebKit's reaches the disk. (WebKit's ephemeral session would keep even less, but it cannot be
/// driven by WebDriver, so the end-to-end tests could not drive the app people get.) Without a
/// runtime directory, WebKit's default under the app's data directory.
fn webview_data_dir() -> Option<std::path::PathBuf> {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").filter(|dir| !dir.is_empty())?;
    Some(
        std::path::PathBuf::from(runtime)
            .join("app.tend.desktop")
            .join("webview"),
    )
}

/// Opens the window on the check-in screen.
pub fn open_check_in<R: Runtime>(app: &AppHandle<R>) {
    app.state::<Tend>().remember_place("check-in");
    let open = app.get_webview_window("main").is_some();
    open_window(app);
    if open {
        let _ = app.emit(OPEN_CHECK_IN, ());
    }
}

/// Does something run a tray on this desktop (a StatusNotifierItem host)? Stock GNOME has none.
async fn has_tray_host() -> bool {
    let Ok(connection) = zbus::Connection::session().await else {
        return false;
    };
    let Ok(dbus) = zbus::fdo::DBusProxy::new(&connection).await else {
        return false;
    };
    match zbus::names::BusName::try_from("org.kde.StatusNotifierWatcher") {
        Ok(name) => dbus.name_has_owner(name).await.unwrap_or(false),
        Err(_) => false,
    }
}

/// The window has closed and Tend keeps running. Without a tray to show where it went, the
/// first close says so in one gentle line.
pub fn window_closed<R: Runtime>(app: &AppHandle<R>) {
    #[cfg(target_os = "linux")]
    end_network_process();
    let tend = app.state::<Tend>();
    // A quiet moment: the search index leaves out what edits replaced. Then the key goes with
    // the window (its words were saved before it closed): opening it again asks for the
    // passphrase. Off the main thread, as tidying takes a moment at ten years' size.
    let store = tend.store.clone();
    tend.tasks.spawn(async move {
        let _ = tauri::async_runtime::spawn_blocking(move || {
            let _ = store.write(|store| store.tidy_index());
            store.lock_now();
        })
        .await;
    });
    let reminders = tend.reminders.clone();
    tend.tasks.spawn(async move {
        if !has_tray_host().await {
            reminders.explain_closing_once().await;
        }
    });
}

/// WebKitGTK keeps its network process for the life of the web context, which Tauri keeps for
/// the life of the app (tauri-apps/tauri#14626), so with the window closed it would wait
/// beside Tend holding tens of megabytes. With no webview left it has nothing to do: end it.
/// WebKit starts a new one when the window opens again.
#[cfg(target_os = "linux")]
fn end_network_process() {
    let me = std::process::id();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<i32>().ok()) else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "PID (comm) STATE PPID ...": the parent is the second field after the name.
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1));
        let name = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        if parent == Some(&me.to_string())
            && name.trim() == "WebKitNetworkPr"
            && let Some(pid) = rustix::process::Pid::from_raw(pid)
        {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        }
    }
}
