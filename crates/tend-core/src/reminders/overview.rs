//! What the Reminders screen shows: the settings, and where the scheduler stands, in words.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use super::rules::{Pause, ReminderKind};
use super::settings::ReminderSettings;

/// Tend's own lines for one kind, for the settings screen to show and restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KindLines {
    pub kind: ReminderKind,
    pub title: String,
    pub lines: Vec<String>,
}

/// What the settings screen shows: the settings, and where the scheduler stands, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReminderOverview {
    pub settings: ReminderSettings,
    /// The zone reminders follow just now.
    pub zone: String,
    /// "today at 19:00", or `None` when nothing is planned.
    pub next: Option<String>,
    pub next_kinds: Vec<ReminderKind>,
    /// "until 09:30", "until tomorrow at 08:00", "until you resume", or `None`.
    pub paused: Option<String>,
    pub snoozed: Option<String>,
    /// Gentle words about the last reminder that could not be shown, if any.
    pub trouble: Option<String>,
    /// Gentle words about the settings file, when opening it found something unusual.
    pub notice: Option<String>,
    pub defaults: Vec<KindLines>,
}

impl ReminderSettings {
    pub fn overview(
        &self,
        now: DateTime<Utc>,
        zone: Tz,
        trouble: Option<String>,
        notice: Option<String>,
    ) -> ReminderOverview {
        let due = self.due(now, zone);
        let next_kinds = due
            .as_ref()
            .map(|d| {
                let mut kinds: Vec<ReminderKind> = Vec::new();
                for rule in self.rules.iter().filter(|r| d.rules.contains(&r.id)) {
                    if !kinds.contains(&rule.kind) {
                        kinds.push(rule.kind);
                    }
                }
                kinds
            })
            .unwrap_or_default();
        let paused = match self.state.pause {
            Some(Pause::UntilResumed) => Some("until you resume".to_owned()),
            Some(Pause::Until { at }) if at > now => Some(format!("until {}", describe(at, now, zone))),
            _ => None,
        };
        ReminderOverview {
            settings: self.clone(),
            zone: zone.name().to_owned(),
            next: due.as_ref().map(|d| describe(d.at, now, zone)),
            next_kinds,
            paused,
            snoozed: self
                .state
                .snoozed
                .filter(|(_, at)| *at > now)
                .map(|(_, at)| describe(at, now, zone)),
            trouble,
            notice,
            defaults: ReminderKind::ALL
                .iter()
                .map(|kind| KindLines {
                    kind: *kind,
                    title: kind.title().to_owned(),
                    lines: kind.default_lines().iter().map(|l| (*l).to_owned()).collect(),
                })
                .collect(),
        }
    }
}

/// An instant in words, relative to `now` in `zone`: "today at 19:00", "tomorrow at 08:00",
/// "Thursday at 19:00" (within a week), else "3 December at 19:00".
pub fn describe(at: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> String {
    let local = at.with_timezone(&zone);
    let today = now.with_timezone(&zone).date_naive();
    let date = local.date_naive();
    let time = local.format("%H:%M");
    let days = (date - today).num_days();
    match days {
        0 => format!("today at {time}"),
        1 => format!("tomorrow at {time}"),
        2..=6 => format!("{} at {time}", local.format("%A")),
        _ => format!("{} at {time}", local.format("%-d %B")),
    }
}
