//! Tend's life with the window closed: closing the window destroys its webview (so WebKit's
//! processes exit and the waiting process stays small) while the scheduler keeps running; the
//! tray, a second launch, or a notification action opens the window again, on the screen the
//! person was on. Started at login, Tend starts without a window.

use std::sync::{Arc, Mutex};

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, WebviewWindowBuilder};
use tend_core::reminders::PauseChoice;

use crate::navigation;
use crate::reminders::{OPEN_CHECK_IN, QUIT_REQUESTED, REMINDERS_CHANGED, Reminders};

/// The argument autostart adds, so a start at login opens no window.
pub const HIDDEN_ARG: &str = "--hidden";

/// The screen the person was on, kept while the window is closed so it opens there again.
#[derive(Debug, Default)]
pub struct Place(pub Mutex<Option<String>>);

/// The longest screen name kept as the place to open on.
pub const PLACE_LIMIT: usize = 32;

/// The tray menu, in order: (id, label). `None` is a separator. On Linux a click on the tray
/// icon itself is not delivered, so everything is in the menu.
pub const TRAY_MENU: &[Option<(&str, &str)>] = &[
    Some(("open", "Open Tend")),
    Some(("check_in", "Check in now")),
    None,
    Some(("pause_hour", "Pause reminders for an hour")),
    Some(("pause_morning", "Pause until tomorrow morning")),
    Some(("resume", "Resume reminders")),
    None,
    Some(("quit", "Quit Tend")),
];

/// Opens the main window, or brings it to the front if it is open.
pub fn open_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == "main") else {
        return;
    };
    match WebviewWindowBuilder::from_config(app, config).and_then(|b| navigation::guard(b, app).build()) {
        Ok(window) => {
            navigation::trim_context_menu(&window);
            let _ = window.set_focus();
        }
        Err(error) => eprintln!("tend: could not open the window: {error}"),
    }
}

/// Opens the window on the check-in screen.
pub fn open_check_in(app: &AppHandle) {
    remember_place(app, "check-in");
    let open = app.get_webview_window("main").is_some();
    open_window(app);
    if open {
        let _ = app.emit(OPEN_CHECK_IN, ());
    }
}

pub fn remember_place(app: &AppHandle, place: &str) {
    if let Some(state) = app.try_state::<Place>() {
        *state.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(place.to_owned());
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
pub fn window_closed(app: &AppHandle) {
    #[cfg(target_os = "linux")]
    end_network_process();
    let reminders = app.state::<Arc<Reminders>>().inner().clone();
    tauri::async_runtime::spawn(async move {
        if has_tray_host().await {
            return;
        }
        reminders.explain_closing_once().await;
    });
}

pub fn build_tray(app: &AppHandle) -> tauri::Result<()> {
    let mut items: Vec<Box<dyn tauri::menu::IsMenuItem<tauri::Wry>>> = Vec::new();
    for item in TRAY_MENU {
        match item {
            Some((id, label)) => items.push(Box::new(MenuItem::with_id(app, *id, *label, true, None::<&str>)?)),
            None => items.push(Box::new(PredefinedMenuItem::separator(app)?)),
        }
    }
    let refs: Vec<&dyn tauri::menu::IsMenuItem<tauri::Wry>> = items.iter().map(|i| i.as_ref()).collect();
    let menu = Menu::with_items(app, &refs)?;
    let mut tray = TrayIconBuilder::with_id("tend")
        .tooltip("Tend")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| tray_action(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// What each tray menu item does.
pub fn tray_action(app: &AppHandle, id: &str) {
    let reminders = app.state::<Arc<Reminders>>();
    let pause = |choice: PauseChoice| {
        let _ = reminders.change(|settings, now, zone| {
            settings.state.pause = Some(choice.pause(now, zone, settings.day_start()));
            Ok(())
        });
        let _ = app.emit(REMINDERS_CHANGED, ());
    };
    match id {
        "open" => open_window(app),
        "check_in" => open_check_in(app),
        "pause_hour" => pause(PauseChoice::Hour),
        "pause_morning" => pause(PauseChoice::UntilMorning),
        "resume" => {
            let _ = reminders.change(|settings, _, _| {
                settings.state.pause = None;
                Ok(())
            });
            let _ = app.emit(REMINDERS_CHANGED, ());
        }
        // With the window open, the window saves every word first and then quits.
        "quit" => match app.get_webview_window("main") {
            Some(window) => {
                if window.emit(QUIT_REQUESTED, ()).is_err() {
                    app.exit(0);
                }
            }
            None => app.exit(0),
        },
        _ => {}
    }
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
