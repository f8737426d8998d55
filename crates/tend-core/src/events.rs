//! The names of the events the shell sends the window. The UI reads them from the generated
//! bindings (`EVENTS`), so a name is spelled once.

/// Asks the window to open the check-in screen.
pub const OPEN_CHECK_IN: &str = "open-check-in";
/// Asks the window to save every word and then quit Tend.
pub const QUIT_REQUESTED: &str = "quit-requested";
/// Tells the window the reminder settings or the scheduler's state changed.
pub const REMINDERS_CHANGED: &str = "reminders-changed";
/// Asks the window to save every word and then lock Tend (sleep, the screen locking, the tray).
pub const LOCK_REQUESTED: &str = "lock-requested";
/// Tells the window how far an export has got: `[done, total]`.
pub const EXPORT_PROGRESS: &str = "export-progress";
