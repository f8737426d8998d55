//! The tray menu: its items, in order, with their words. The shell builds the menu from this
//! list and turns a chosen item back into one call.

/// One item of the tray menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayItem {
    Open,
    CheckIn,
    PauseHour,
    PauseMorning,
    Resume,
    Lock,
    Quit,
}

/// The tray menu, in order; `None` is a separator. On Linux a click on the tray icon itself
/// is not delivered, so everything is in the menu.
pub const TRAY_MENU: &[Option<TrayItem>] = &[
    Some(TrayItem::Open),
    Some(TrayItem::CheckIn),
    None,
    Some(TrayItem::PauseHour),
    Some(TrayItem::PauseMorning),
    Some(TrayItem::Resume),
    None,
    Some(TrayItem::Lock),
    Some(TrayItem::Quit),
];

impl TrayItem {
    const ALL: [TrayItem; 7] = [
        TrayItem::Open,
        TrayItem::CheckIn,
        TrayItem::PauseHour,
        TrayItem::PauseMorning,
        TrayItem::Resume,
        TrayItem::Lock,
        TrayItem::Quit,
    ];

    /// The menu item's id.
    pub fn id(self) -> &'static str {
        match self {
            TrayItem::Open => "open",
            TrayItem::CheckIn => "check_in",
            TrayItem::PauseHour => "pause_hour",
            TrayItem::PauseMorning => "pause_morning",
            TrayItem::Resume => "resume",
            TrayItem::Lock => "lock",
            TrayItem::Quit => "quit",
        }
    }

    /// What the menu item says.
    pub fn label(self) -> &'static str {
        match self {
            TrayItem::Open => "Open Tend",
            TrayItem::CheckIn => "Check in now",
            TrayItem::PauseHour => "Pause reminders for an hour",
            TrayItem::PauseMorning => "Pause until tomorrow morning",
            TrayItem::Resume => "Resume reminders",
            TrayItem::Lock => "Lock Tend",
            TrayItem::Quit => "Quit Tend",
        }
    }

    /// The item with this id, if it is one.
    pub fn from_id(id: &str) -> Option<TrayItem> {
        TrayItem::ALL.into_iter().find(|item| item.id() == id)
    }
}
