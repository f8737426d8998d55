//! What the scheduler asks of the shell: to tell the window that reminders changed, and to open
//! the window where a notification's action points.

use tauri::{AppHandle, Emitter, Runtime};
use tend_core::events::REMINDERS_CHANGED;
use tend_scheduler::{Host, Screen};

use crate::window::{lock, open_check_in, open_window};

pub struct Shell<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> Host for Shell<R> {
    fn changed(&self) {
        let _ = self.0.emit(REMINDERS_CHANGED, ());
    }

    fn open(&self, screen: Screen) {
        match screen {
            Screen::CheckIn => open_check_in(&self.0),
            Screen::AsLeft => open_window(&self.0),
        }
    }

    fn lock(&self) {
        let app = self.0.clone();
        // The window is GTK's: asked from its thread.
        let _ = self.0.run_on_main_thread(move || lock(&app));
    }
}
