//! What a person sets for reminders — rules, quiet hours, pauses, snoozes — and what the
//! scheduler keeps of its own (deliveries, the plan), as plain types.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::timing::resolve;

/// The most reminders one person keeps on the Reminders screen.
pub const RULES_LIMIT: usize = 24;
/// The most reminders of promises kept at once, one per promise at the most.
pub const PROMISE_REMINDERS_LIMIT: usize = 200;
/// The most times one reminder comes in a day.
pub const TIMES_LIMIT: usize = 12;
/// The longest reminder line, in characters: it has to fit in a notification.
pub const LINE_LIMIT: usize = 200;
/// The most lines one kind of reminder takes turns with.
pub const LINES_LIMIT: usize = 30;
/// The longest a missed reminder may still catch up: a day.
pub const CATCH_UP_LIMIT: i64 = 1_440;
/// Where "until tomorrow morning" ends when there are no quiet hours to say when the day starts.
pub const MORNING: NaiveTime = match NaiveTime::from_hms_opt(8, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};
/// Every day of the week, Monday first.
pub const EVERY_DAY: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// How late a reminder may be found and still count as on time, whatever its catch-up: the
/// scheduler wakes at the instant (a few milliseconds after it) and re-checks every minute.
pub const ON_TIME: Duration = Duration::seconds(60);
/// "This evening", for a snooze.
pub const EVENING: NaiveTime = match NaiveTime::from_hms_opt(19, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum ReminderKind {
    QualityTime,
    Presence,
    CheckIn,
    Custom,
    /// Once, for a promise ([`Schedule::Once`]); set from the promise, not the Reminders screen.
    Promise,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(tag = "type", rename_all = "snake_case")]
pub enum Schedule {
    /// At each of these wall-clock times, on these days.
    Times {
        #[ts(type = "Array<string>")]
        times: Vec<NaiveTime>,
        #[ts(type = "Array<Weekday>")]
        days: Vec<Weekday>,
    },
    /// One gentle nudge a day somewhere in this window, on these days; the minute is derived
    /// from the rule and the date, so it varies from day to day yet stays a pure function.
    Window {
        #[ts(type = "string")]
        start: NaiveTime,
        #[ts(type = "string")]
        end: NaiveTime,
        #[ts(type = "Array<Weekday>")]
        days: Vec<Weekday>,
    },
    /// Once, at this local wall time, for promise `promise`: only its id is kept here (the file
    /// is readable without the passphrase), never its words.
    Once {
        #[ts(type = "string")]
        at: NaiveDateTime,
        #[ts(type = "number")]
        promise: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReminderRule {
    /// 0 or less for a rule the person just added (the screen gives each new one its own, below
    /// every other); Tend gives it an id when the settings are saved.
    #[ts(type = "number")]
    pub id: i64,
    pub kind: ReminderKind,
    pub schedule: Schedule,
    /// A missed reminder still comes if it is at most this late; later than that, it is skipped.
    #[ts(type = "number")]
    pub catch_up_minutes: i64,
    /// Switched off rules are kept but never come.
    #[serde(default = "switched_on")]
    pub enabled: bool,
}

fn switched_on() -> bool {
    true
}

impl ReminderRule {
    /// The promise this rule reminds of, for a promise's one reminder.
    pub fn promise(&self) -> Option<i64> {
        match self.schedule {
            Schedule::Once { promise, .. } => Some(promise),
            _ => None,
        }
    }
}

/// Hours without reminders, in local wall time; may run past midnight (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuietHours {
    #[ts(type = "string")]
    pub start: NaiveTime,
    #[ts(type = "string")]
    pub end: NaiveTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(tag = "type", rename_all = "snake_case")]
pub enum Pause {
    Until {
        #[ts(type = "string")]
        at: DateTime<Utc>,
    },
    UntilResumed,
}

/// How long "Snooze" (from a notification) holds a reminder back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum SnoozeChoice {
    #[default]
    TenMinutes,
    Hour,
    /// 19:00 today, or an hour from now if that is later.
    Evening,
}

impl SnoozeChoice {
    pub fn until(self, now: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
        match self {
            SnoozeChoice::TenMinutes => now + Duration::minutes(10),
            SnoozeChoice::Hour => now + Duration::hours(1),
            SnoozeChoice::Evening => {
                let evening = resolve(zone, now.with_timezone(&zone).date_naive().and_time(EVENING));
                evening.max(now + Duration::hours(1))
            }
        }
    }
}

/// The pauses the settings screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum PauseChoice {
    Hour,
    /// Until the next start of the person's day: the end of quiet hours, else 08:00.
    UntilMorning,
    UntilResumed,
}

impl PauseChoice {
    pub fn pause(self, now: DateTime<Utc>, zone: Tz, day_start: NaiveTime) -> Pause {
        match self {
            PauseChoice::Hour => Pause::Until {
                at: now + Duration::hours(1),
            },
            PauseChoice::UntilMorning => {
                let today = now.with_timezone(&zone).date_naive();
                let at = [today, today.succ_opt().unwrap_or(today)]
                    .into_iter()
                    .map(|date| resolve(zone, date.and_time(day_start)))
                    .find(|t| *t > now)
                    .unwrap_or(now + Duration::days(1));
                Pause::Until { at }
            }
            PauseChoice::UntilResumed => Pause::UntilResumed,
        }
    }
}

/// What has happened so far, kept by the shell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReminderState {
    /// When each rule was last delivered (or its rule began), in UTC.
    pub last: BTreeMap<i64, DateTime<Utc>>,
    pub pause: Option<Pause>,
    /// A snoozed reminder: the rule and when it comes back.
    pub snoozed: Option<(i64, DateTime<Utc>)>,
    /// When the next reminder is planned, as last worked out (kept so it survives a restart
    /// and can be shown).
    pub next: Option<DateTime<Utc>>,
    /// How many reminders have been delivered; the lines take turns by it.
    pub sent: u64,
    /// Whether Tend has said, once, that it keeps running with its window closed.
    pub told_about_closing: bool,
}

/// The next delivery: when, and every rule it stands for (coalesced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub at: DateTime<Utc>,
    pub rules: Vec<i64>,
}
