//! The tray icon and its menu. The items and their words come from `tend_core::tray`; each one
//! chosen is one call.

use tauri::menu::{IsMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tend_core::events::{QUIT_REQUESTED, REMINDERS_CHANGED};
use tend_core::reminders::PauseChoice;
use tend_core::tray::{TRAY_MENU, TrayItem};

use crate::state::Tend;
use crate::window::{open_check_in, open_window};

/// Builds the tray icon, once (later calls do nothing). On the main thread.
pub fn build_once<R: Runtime>(app: &AppHandle<R>) {
    if app
        .state::<Tend>()
        .tray_built
        .swap(true, std::sync::atomic::Ordering::SeqCst)
    {
        return;
    }
    if let Err(error) = build(app) {
        // A desktop without a tray still has the app menu and a second launch.
        tracing::warn!(%error, "no tray icon");
    }
}

fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let mut items: Vec<Box<dyn IsMenuItem<R>>> = Vec::new();
    for item in TRAY_MENU {
        match item {
            Some(item) => items.push(Box::new(MenuItem::with_id(
                app,
                item.id(),
                item.label(),
                true,
                None::<&str>,
            )?)),
            None => items.push(Box::new(PredefinedMenuItem::separator(app)?)),
        }
    }
    let refs: Vec<&dyn IsMenuItem<R>> = items.iter().map(|i| i.as_ref()).collect();
    let menu = Menu::with_items(app, &refs)?;
    let mut tray = TrayIconBuilder::with_id("tend")
        .tooltip("Tend")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| {
            if let Some(item) = TrayItem::from_id(event.id().as_ref()) {
                chosen(app, item);
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// What each tray menu item does.
fn chosen<R: Runtime>(app: &AppHandle<R>, item: TrayItem) {
    let reminders = &app.state::<Tend>().reminders;
    let changed = |result: Result<_, _>| {
        if result.is_ok() {
            let _ = app.emit(REMINDERS_CHANGED, ());
        }
    };
    match item {
        TrayItem::Open => open_window(app),
        TrayItem::CheckIn => open_check_in(app),
        TrayItem::PauseHour => changed(reminders.pause(PauseChoice::Hour)),
        TrayItem::PauseMorning => changed(reminders.pause(PauseChoice::UntilMorning)),
        TrayItem::Resume => changed(reminders.resume()),
        TrayItem::Lock => crate::window::lock(app),
        // With the window open, the window saves every word first and then quits.
        TrayItem::Quit => match app.get_webview_window("main") {
            Some(window) => {
                if window.emit(QUIT_REQUESTED, ()).is_err() {
                    app.exit(0);
                }
            }
            None => app.exit(0),
        },
    }
}
