//! The reminder scheduler, free of Tauri: one task asks `tend_core::reminders` what is due,
//! sleeps until then (never longer than a minute, so a suspend or a changed clock is noticed),
//! and delivers through notify-rust. One more task listens once for `ActionInvoked` on the
//! session bus, so no thread waits per notification, and one wakes the loop on resume from
//! sleep. All three run under one [`Tasks`] handle and stop with it.
//!
//! The app drives it through the small [`Host`] interface (today the Tauri shell; later, a
//! process of its own). Settings and the scheduler's state live in `reminders.json` beside the
//! database; every change is written before it counts, so a crash neither repeats nor loses a
//! reminder.

mod listen;
mod notify;
mod tasks;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use tend_core::reminders::{
    Due, PauseChoice, ReminderOverview, ReminderSettings, STILL_HERE, TEST_REMINDER, UNREADABLE_SETTINGS,
};
use tend_core::{CommandError, Error};
use tokio::sync::Notify;

pub use tasks::Tasks;

/// The longest the scheduler sleeps before it looks at the wall clock again.
const RECHECK: Duration = Duration::from_secs(60);
/// When set, each wake of the scheduler is written to stderr (the idle benchmark counts them).
pub const TRACE_ENV: &str = "TEND_TRACE_SCHEDULER";

/// What the scheduler asks of the app around it.
pub trait Host: Send + Sync + 'static {
    /// The settings or the scheduler's state changed: an open window shows them again.
    fn changed(&self);
    /// A notification asks for Tend: the window, on `screen`.
    fn open(&self, screen: Screen);
    /// The computer is going to sleep or its screen locked: Tend locks, if a passphrase is set.
    fn lock(&self);
}

/// Where a notification's action opens Tend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The screen the person was on.
    AsLeft,
    CheckIn,
}

pub struct Scheduler {
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
    wakes: AtomicU64,
    host: Box<dyn Host>,
}

impl std::fmt::Debug for Scheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheduler")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every change is made to a copy and only swapped in whole, so a poisoned lock still
    // holds consistent settings.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
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

impl Scheduler {
    /// Opens the settings in `dir` (none there: the defaults). A file Tend can't use is set
    /// aside under a dated name, never written over, and the Reminders screen says so; one
    /// from a newer Tend is followed and left as it is. The notification icon goes in `cache`.
    pub fn open(dir: Option<PathBuf>, cache: Option<PathBuf>, host: impl Host) -> Scheduler {
        let now = Utc::now();
        let opened = dir.as_deref().map(|dir| ReminderSettings::open(dir, now));
        let (settings, writable, notice) = match opened {
            Some(Ok(file)) => (file.settings, file.writable, file.notice),
            Some(Err(error)) => {
                // Unreadable (a permission, an I/O error): leave the file alone and keep
                // whatever changes are made in memory only.
                tracing::warn!(%error, "could not read the reminder settings");
                (ReminderSettings::default(), false, Some(UNREADABLE_SETTINGS.to_owned()))
            }
            None => (ReminderSettings::default(), true, None),
        };
        Scheduler {
            dir: dir.filter(|_| writable),
            icon: cache.and_then(|cache| notify::icon_in(&cache)),
            settings: Mutex::new(settings),
            notice,
            trouble: Mutex::new(None),
            sent: Mutex::new(VecDeque::new()),
            wake: Notify::new(),
            wakes: AtomicU64::new(0),
            host: Box::new(host),
        }
    }

    /// Starts the scheduler and its listeners under `tasks`.
    pub fn start(self: &Arc<Self>, tasks: &Tasks) {
        tasks.spawn(self.clone().run());
        tasks.spawn(self.clone().listen_for_actions());
        tasks.spawn(self.clone().follow_sleep());
        tasks.spawn(self.clone().lock_with_session());
        tasks.spawn(self.clone().lock_with_screen_saver("org.freedesktop.ScreenSaver"));
        tasks.spawn(self.clone().lock_with_screen_saver("org.gnome.ScreenSaver"));
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

    /// Keeps the settings a person saved on the Reminders screen.
    pub fn set(&self, settings: ReminderSettings) -> Result<ReminderOverview, CommandError> {
        self.change(|current, now, _| current.apply(settings, now))
    }

    /// Sets promise `promise`'s one reminder to come at local wall time `at`, or takes it away.
    pub fn remind_of_promise(&self, promise: i64, at: Option<NaiveDateTime>) -> Result<ReminderOverview, CommandError> {
        self.change(|settings, now, zone| settings.remind_of_promise(promise, at, now, zone))
    }

    /// When each promise's reminder comes, as local wall times: (promise, moment).
    pub fn promise_reminders(&self) -> Vec<(i64, NaiveDateTime)> {
        lock(&self.settings).promise_reminders()
    }

    /// The reminder settings an export carries.
    pub fn settings(&self) -> ReminderSettings {
        lock(&self.settings).clone()
    }

    /// Whether settings brought in by an import would be taken: only while this Tend has no
    /// settings of its own (no settings file yet), so the person's own choices here stay.
    pub fn would_adopt(&self) -> bool {
        self.dir
            .as_ref()
            .is_some_and(|dir| !dir.join(tend_core::reminders::SETTINGS_FILE).exists())
    }

    /// Takes `imported` settings (already checked) when [`Scheduler::would_adopt`] says so.
    pub fn adopt(&self, imported: ReminderSettings) -> Result<bool, CommandError> {
        if !self.would_adopt() {
            return Ok(false);
        }
        self.set(imported).map(|_| true)
    }

    /// Pauses every reminder by the person's choice.
    pub fn pause(&self, choice: PauseChoice) -> Result<ReminderOverview, CommandError> {
        self.change(|settings, now, zone| {
            settings.pause(choice, now, zone);
            Ok(())
        })
    }

    /// Ends a pause.
    pub fn resume(&self) -> Result<ReminderOverview, CommandError> {
        self.change(|settings, _, _| {
            settings.resume();
            Ok(())
        })
    }

    /// Writes the settings, unless the file is not Tend's to write (from a newer Tend, or
    /// unreadable): then the file is left as it is and a change lasts in memory until Tend
    /// closes, as the Reminders screen says.
    fn write(&self, settings: &ReminderSettings) -> tend_core::Result<()> {
        match &self.dir {
            Some(dir) => settings.save(dir).inspect_err(|error| {
                tracing::warn!(%error, "could not save the reminder settings");
            }),
            None => Ok(()),
        }
    }

    /// The first time the window closes on a desktop without a tray, one gentle line says where
    /// Tend went and how to quit.
    pub async fn explain_closing_once(&self) {
        if lock(&self.settings).state.told_about_closing {
            return;
        }
        if let Err(error) = self.show(STILL_HERE, None).await {
            tracing::warn!(%error, "could not say where Tend went");
            return;
        }
        let _ = self.change(|settings, _, _| {
            settings.state.told_about_closing = true;
            Ok(())
        });
    }

    /// The "send a test reminder" button: shows how a reminder looks, right now.
    pub async fn send_test(&self) -> Result<ReminderOverview, CommandError> {
        match self.show(TEST_REMINDER, Some(Vec::new())).await {
            // It worked, so whatever kept an earlier reminder from showing has passed.
            Ok(()) => {
                *lock(&self.trouble) = None;
                self.host.changed();
                Ok(self.overview())
            }
            Err(error) => {
                tracing::warn!(%error, "a test reminder could not be shown");
                Err(CommandError::from(&error))
            }
        }
    }

    fn note_delivery(&self, at: DateTime<Utc>, result: &tend_core::Result<()>) {
        match result {
            Ok(()) => *lock(&self.trouble) = None,
            Err(error) => {
                tracing::warn!(%error, "a reminder could not be shown");
                *lock(&self.trouble) = Some(at);
            }
        }
        self.host.changed();
    }

    async fn deliver(&self, due: Due, now: DateTime<Utc>) {
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
        let result = self.show((&title, &body), Some(due.rules.clone())).await;
        trace(if result.is_ok() { "delivered" } else { "not delivered" });
        self.note_delivery(due.at, &result);
        trace("noted");
    }

    /// The scheduler. Wakes when a reminder is due, when the settings change, on resume from
    /// sleep, and at least once a minute; ends when its task is stopped.
    async fn run(self: Arc<Self>) {
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
                self.deliver(due, now).await;
                continue;
            }
            let wait = due.map_or(RECHECK, |d| (d.at - now).to_std().unwrap_or_default().min(RECHECK));
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// What a notification's action does, for the reminder that stood for `rules`.
    fn act(&self, action: &str, rules: &[i64]) {
        match action {
            "snooze" => {
                let snoozed = self.change(|settings, now, zone| {
                    settings.snooze(rules, now, zone);
                    Ok(())
                });
                if snoozed.is_ok() {
                    self.host.changed();
                }
            }
            "check_in" => self.host.open(Screen::CheckIn),
            _ => self.host.open(Screen::AsLeft),
        }
    }
}

/// The error for a notification that could not be shown.
fn not_shown(error: impl std::fmt::Display) -> Error {
    Error::Notification(error.to_string())
}
