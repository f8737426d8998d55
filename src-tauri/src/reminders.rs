//! The reminder scheduler: one tokio task that asks `tend_core::reminders` what is due, sleeps
//! until then (never longer than a minute, so a suspend or a changed clock is noticed), and
//! delivers through notify-rust. One more task listens once for `ActionInvoked` on the session
//! bus, so no thread waits per notification. Both stop with the cancellation token on exit.
//!
//! Settings and the scheduler's state live in `reminders.json` beside the database; every change
//! is written before it counts, so a crash neither repeats nor loses a reminder.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use futures_util::StreamExt;
use tauri::{AppHandle, Emitter};
use tend_core::reminders::{Due, ReminderOverview, ReminderSettings};
use tend_core::{CommandError, Error};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// The longest the scheduler sleeps before it looks at the wall clock again.
const RECHECK: Duration = Duration::from_secs(60);
/// How many sent notifications are remembered, to match an action to its reminder.
const REMEMBERED: usize = 16;
pub use tend_core::events::{OPEN_CHECK_IN, QUIT_REQUESTED, REMINDERS_CHANGED};
/// When set, each wake of the scheduler is written to stderr (the idle benchmark counts them).
pub const TRACE_ENV: &str = "TEND_TRACE_SCHEDULER";

/// What the Reminders screen says when the settings file could not be read at all.
const UNREADABLE: &str = "Tend couldn't open its reminder settings file, so it left the file as it is. Reminders set here last until Tend closes.";

/// The notification's icon, written to the cache directory so any notification server can
/// read it by path, installed or not.
const ICON: &[u8] = include_bytes!("../../icons/128x128.png");

#[derive(Debug)]
pub struct Reminders {
    dir: Option<PathBuf>,
    icon: Option<PathBuf>,
    settings: Mutex<ReminderSettings>,
    /// Gentle words about the settings file, from opening it.
    notice: Option<String>,
    /// When the last reminder that could not be shown was due.
    trouble: Mutex<Option<DateTime<Utc>>>,
    /// Notification id → the rules it stood for, newest last.
    sent: Mutex<VecDeque<(u32, Vec<i64>)>>,
    wake: Notify,
    cancel: CancellationToken,
    wakes: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every change is made to a copy and only swapped in whole, so a poisoned lock still
    // holds consistent settings.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The `member` signals of `interface` on `connection`, as one stream holding up to `queue`.
async fn signals(
    connection: zbus::Result<zbus::Connection>,
    interface: &'static str,
    member: &'static str,
    queue: usize,
) -> zbus::Result<zbus::MessageStream> {
    let connection = connection?;
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(interface)
        .member(member)
        .build()?;
    zbus::MessageStream::for_match_rule(rule, &connection, std::num::NonZeroUsize::new(queue)).await
}

/// With `TEND_TRACE_SCHEDULER` set, says what the scheduler does on stderr.
fn trace(what: &str) {
    if std::env::var_os(TRACE_ENV).is_some() {
        eprintln!("tend: scheduler {what} at {}", Utc::now().to_rfc3339());
    }
}

/// The zone this computer is in: `TZ` if it names an IANA zone, else the system setting.
pub fn system_zone() -> Tz {
    std::env::var("TZ")
        .ok()
        .and_then(|tz| tz.trim_start_matches(':').parse().ok())
        .or_else(|| iana_time_zone::get_timezone().ok().and_then(|tz| tz.parse().ok()))
        .unwrap_or(Tz::UTC)
}

impl Reminders {
    /// Opens the settings in `dir` (none there: the defaults). A file Tend can't use is set
    /// aside under a dated name, never written over, and the Reminders screen says so; one
    /// from a newer Tend is followed and left as it is.
    pub fn open(dir: Option<PathBuf>, cache: Option<PathBuf>) -> Reminders {
        let now = Utc::now();
        let opened = dir.as_deref().map(|dir| ReminderSettings::open(dir, now));
        let (settings, writable, notice) = match opened {
            Some(Ok(file)) => (file.settings, file.writable, file.notice),
            Some(Err(error)) => {
                // Unreadable (a permission, an I/O error): leave the file alone and keep
                // whatever changes are made in memory only.
                eprintln!("tend: could not read the reminder settings: {error}");
                (ReminderSettings::default(), false, Some(UNREADABLE.to_owned()))
            }
            None => (ReminderSettings::default(), true, None),
        };
        let icon = cache.and_then(|cache| {
            let path = cache.join("tend-notification.png");
            let fresh = std::fs::read(&path).is_ok_and(|bytes| bytes == ICON);
            if !fresh {
                std::fs::create_dir_all(&cache).ok()?;
                std::fs::write(&path, ICON).ok()?;
            }
            Some(path)
        });
        Reminders {
            dir: dir.filter(|_| writable),
            icon,
            settings: Mutex::new(settings),
            notice,
            trouble: Mutex::new(None),
            sent: Mutex::new(VecDeque::new()),
            wake: Notify::new(),
            cancel: CancellationToken::new(),
            wakes: AtomicU64::new(0),
        }
    }

    fn zone(&self) -> Tz {
        lock(&self.settings).zone_or(system_zone())
    }

    pub fn overview(&self) -> ReminderOverview {
        let trouble = *lock(&self.trouble);
        let zone = self.zone();
        lock(&self.settings).overview(Utc::now(), zone, trouble, self.notice.clone())
    }

    /// Changes the settings through `change` on a copy, writes the copy, and only then keeps
    /// it: a bad change or a failed write leaves everything as it was.
    pub fn change(
        &self,
        change: impl FnOnce(&mut ReminderSettings, DateTime<Utc>, Tz) -> tend_core::Result<()>,
    ) -> Result<ReminderOverview, CommandError> {
        let zone = self.zone();
        {
            let mut settings = lock(&self.settings);
            let mut copy = settings.clone();
            let result = change(&mut copy, Utc::now(), zone).and_then(|()| self.write(&copy));
            result.map_err(|error| CommandError::from(&error))?;
            *settings = copy;
        }
        self.wake.notify_one();
        Ok(self.overview())
    }

    /// Writes the settings, unless the file is not Tend's to write (from a newer Tend, or
    /// unreadable): then the file is left as it is and a change lasts in memory until Tend
    /// closes, as the Reminders screen says.
    fn write(&self, settings: &ReminderSettings) -> tend_core::Result<()> {
        match &self.dir {
            Some(dir) => settings.save(dir).inspect_err(|error| {
                eprintln!("tend: could not save the reminder settings: {error}");
            }),
            None => Ok(()),
        }
    }

    /// Sends a notification now; a reminder carries "Check in" and "Snooze" on Linux.
    async fn show(&self, title: &str, body: &str, rules: Option<Vec<i64>>) -> tend_core::Result<()> {
        let mut notification = notify_rust::Notification::new();
        notification.appname("Tend").summary(title).body(body);
        if let Some(icon) = self.icon.as_deref().and_then(|p| p.to_str()) {
            notification.icon(icon);
        }
        #[cfg(all(unix, not(target_os = "macos")))]
        if rules.is_some() {
            notification
                .action("default", "Open Tend")
                .action("check_in", "Check in")
                .action("snooze", "Snooze")
                .hint(notify_rust::Hint::DesktopEntry("Tend".into()));
        }
        // On the freedesktop bus (Linux, the BSDs) the notification has an id its actions
        // come back with; macOS and Windows show it without actions, so there is none to keep.
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            let handle = notification
                .show_async()
                .await
                .map_err(|error| Error::Notification(error.to_string()))?;
            let mut sent = lock(&self.sent);
            if sent.len() == REMEMBERED {
                sent.pop_front();
            }
            sent.push_back((handle.id(), rules.unwrap_or_default()));
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        {
            let _ = rules;
            tokio::task::spawn_blocking(move || notification.show().map(|_| ()))
                .await
                .map_err(|error| Error::Notification(error.to_string()))?
                .map_err(|error| Error::Notification(error.to_string()))?;
        }
        Ok(())
    }

    /// The first time the window closes on a desktop without a tray, one gentle line says where
    /// Tend went and how to quit.
    pub async fn explain_closing_once(&self) {
        if lock(&self.settings).state.told_about_closing {
            return;
        }
        let shown = self
            .show(
                "Tend is still here",
                "It keeps running so your reminders can come. Open it again from your app menu; Quit Tend is on its Reminders screen.",
                None,
            )
            .await;
        if let Err(error) = shown {
            eprintln!("tend: could not say where Tend went: {error}");
            return;
        }
        let _ = self.change(|settings, _, _| {
            settings.state.told_about_closing = true;
            Ok(())
        });
    }

    /// The "send a test reminder" button: shows how a reminder looks, right now.
    pub async fn send_test(&self, app: &AppHandle) -> Result<ReminderOverview, CommandError> {
        let result = self
            .show(
                "A test reminder from Tend",
                "This is how Tend's reminders will look. They only ever hold gentle words of their own, never what you wrote.",
                Some(Vec::new()),
            )
            .await;
        match result {
            // It worked, so whatever kept an earlier reminder from showing has passed.
            Ok(()) => {
                *lock(&self.trouble) = None;
                let _ = app.emit(REMINDERS_CHANGED, ());
                Ok(self.overview())
            }
            Err(error) => {
                eprintln!("tend: a test reminder could not be shown: {error}");
                Err(CommandError::from(&error))
            }
        }
    }

    fn note_delivery(&self, app: &AppHandle, at: DateTime<Utc>, result: &tend_core::Result<()>) {
        let mut trouble = lock(&self.trouble);
        match result {
            Ok(()) => *trouble = None,
            Err(error) => {
                eprintln!("tend: a reminder could not be shown: {error}");
                *trouble = Some(at);
            }
        }
        drop(trouble);
        let _ = app.emit(REMINDERS_CHANGED, ());
    }

    async fn deliver(&self, app: &AppHandle, due: Due, now: DateTime<Utc>) {
        let (title, body) = {
            let mut settings = lock(&self.settings);
            let message = settings.message(&due.rules);
            // Recorded before sending: a crash mid-send must not bring the same reminder twice.
            let mut copy = settings.clone();
            copy.delivered(&due, now);
            if self.write(&copy).is_ok() {
                *settings = copy;
            } else {
                // Kept in memory even so, so the scheduler moves on instead of repeating.
                settings.delivered(&due, now);
            }
            message
        };
        trace("delivering");
        let result = self.show(&title, &body, Some(due.rules.clone())).await;
        trace(if result.is_ok() { "delivered" } else { "not delivered" });
        self.note_delivery(app, due.at, &result);
        trace("noted");
    }

    /// The scheduler. Wakes when a reminder is due, when the settings change, on resume from
    /// sleep, and at least once a minute; returns when cancelled.
    pub async fn run(self: Arc<Self>, app: AppHandle) {
        loop {
            let wakes = self.wakes.fetch_add(1, Ordering::Relaxed) + 1;
            trace(&format!("wake {wakes}"));
            let now = Utc::now();
            let zone = self.zone();
            let due = {
                let mut settings = lock(&self.settings);
                let due = settings.due(now, zone);
                let next = due.as_ref().map(|d| d.at);
                if settings.state.next != next {
                    let mut copy = settings.clone();
                    copy.state.next = next;
                    if self.write(&copy).is_ok() {
                        *settings = copy;
                    }
                }
                due
            };
            if let Some(due) = due.clone().filter(|d| d.at <= now) {
                self.deliver(&app, due, now).await;
                continue;
            }
            let wait = due.map_or(RECHECK, |d| (d.at - now).to_std().unwrap_or_default().min(RECHECK));
            tokio::select! {
                () = self.cancel.cancelled() => return,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Listens once for `ActionInvoked` from the notification server and acts on the actions of
    /// Tend's own notifications. Returns when cancelled or when the bus goes away.
    pub async fn listen_for_actions(self: Arc<Self>, app: AppHandle) {
        let connection = zbus::Connection::session().await;
        let stream = signals(connection, "org.freedesktop.Notifications", "ActionInvoked", 16);
        let mut stream = match stream.await {
            Ok(stream) => stream,
            Err(error) => {
                eprintln!("tend: notification actions are unavailable: {error}");
                return;
            }
        };
        loop {
            let message = tokio::select! {
                () = self.cancel.cancelled() => return,
                message = stream.next() => message,
            };
            let Some(Ok(message)) = message else { return };
            let Ok((id, action)) = message.body().deserialize::<(u32, String)>() else {
                continue;
            };
            let rules = lock(&self.sent)
                .iter()
                .find(|(sent, _)| *sent == id)
                .map(|(_, rules)| rules.clone());
            if let Some(rules) = rules {
                self.act(&app, &action, &rules);
            }
        }
    }

    fn act(&self, app: &AppHandle, action: &str, rules: &[i64]) {
        match action {
            "snooze" => {
                if self
                    .change(|settings, now, zone| {
                        settings.snooze(rules, now, zone);
                        Ok(())
                    })
                    .is_ok()
                {
                    let _ = app.emit(REMINDERS_CHANGED, ());
                }
            }
            "check_in" => crate::background::open_check_in(app),
            _ => crate::background::open_window(app),
        }
    }

    /// Wakes the scheduler when the computer resumes from sleep (logind's `PrepareForSleep`
    /// with `false`), so a reminder due during sleep is handled at once rather than within the
    /// minute. Without a system bus (a container, a test), the minute's re-check covers it.
    pub async fn wake_on_resume(self: Arc<Self>) {
        let connection = zbus::Connection::system().await;
        let stream = signals(connection, "org.freedesktop.login1.Manager", "PrepareForSleep", 4);
        let Ok(mut stream) = stream.await else { return };
        loop {
            let message = tokio::select! {
                () = self.cancel.cancelled() => return,
                message = stream.next() => message,
            };
            let Some(Ok(message)) = message else { return };
            if message
                .body()
                .deserialize::<bool>()
                .is_ok_and(|going_to_sleep| !going_to_sleep)
            {
                self.wake.notify_one();
            }
        }
    }

    /// Stops the scheduler and the listeners.
    pub fn stop(&self) {
        self.cancel.cancel();
    }
}
