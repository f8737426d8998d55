//! Showing a notification: on the freedesktop bus (Linux, the BSDs) with Tend's actions and an
//! id they come back with; on macOS and Windows as a plain notification, without blocking the
//! runtime.

use std::path::{Path, PathBuf};

#[cfg(all(unix, not(target_os = "macos")))]
use tend_core::reminders::REMINDER_ACTIONS;

#[cfg(all(unix, not(target_os = "macos")))]
use crate::lock;
use crate::{Scheduler, not_shown};

/// How many sent notifications are remembered, to match an action to its reminder.
#[cfg(all(unix, not(target_os = "macos")))]
const REMEMBERED: usize = 16;

/// The notification's icon, written to the cache directory so any notification server can
/// read it by path, installed or not.
const ICON: &[u8] = include_bytes!("../../../icons/128x128.png");

/// The icon's path in `cache`, written there unless it already is.
pub(crate) fn icon_in(cache: &Path) -> Option<PathBuf> {
    let path = cache.join("tend-notification.png");
    let fresh = std::fs::read(&path).is_ok_and(|bytes| bytes == ICON);
    if !fresh {
        std::fs::create_dir_all(cache).ok()?;
        std::fs::write(&path, ICON).ok()?;
    }
    Some(path)
}

impl Scheduler {
    /// Sends a notification now. A reminder (`rules` given) carries "Check in" and "Snooze"
    /// where the desktop shows actions, and its id is kept to match them back.
    pub(crate) async fn show(&self, (title, body): (&str, &str), rules: Option<Vec<i64>>) -> tend_core::Result<()> {
        let mut notification = notify_rust::Notification::new();
        notification.appname("Tend").summary(title).body(body);
        if let Some(icon) = self.icon.as_deref().and_then(|p| p.to_str()) {
            notification.icon(icon);
        }
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            if rules.is_some() {
                for (key, label) in REMINDER_ACTIONS {
                    notification.action(key, label);
                }
                notification.hint(notify_rust::Hint::DesktopEntry("Tend".into()));
            }
            let handle = notification.show_async().await.map_err(not_shown)?;
            let mut sent = lock(&self.sent);
            if sent.len() == REMEMBERED {
                sent.pop_front();
            }
            sent.push_back((handle.id(), rules.unwrap_or_default()));
        }
        // macOS and Windows show it without actions, so there is no id to keep.
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            let _ = rules;
            tokio::task::spawn_blocking(move || notification.show().map(|_| ()))
                .await
                .map_err(not_shown)?
                .map_err(not_shown)?;
        }
        Ok(())
    }
}
