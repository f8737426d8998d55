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

/// What the settings screen shows: the settings, and where the scheduler stands, as instants
/// and kinds. The UI puts them into words in the person's locale, in `zone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReminderOverview {
    pub settings: ReminderSettings,
    /// The zone reminders follow just now, and the one their times are shown in.
    pub zone: String,
    /// When the next reminder comes, or `None` when nothing is planned.
    #[ts(type = "string | null")]
    pub next: Option<DateTime<Utc>>,
    pub next_kinds: Vec<ReminderKind>,
    /// The pause in force now, if any (an ended one is not shown).
    pub paused: Option<Pause>,
    /// When a snoozed reminder comes back, if one is snoozed.
    #[ts(type = "string | null")]
    pub snoozed: Option<DateTime<Utc>>,
    /// When the last reminder that could not be shown was due, if one could not.
    #[ts(type = "string | null")]
    pub trouble: Option<DateTime<Utc>>,
    /// Gentle words about the settings file, when opening it found something unusual.
    pub notice: Option<String>,
    pub defaults: Vec<KindLines>,
}

impl ReminderSettings {
    pub fn overview(
        &self,
        now: DateTime<Utc>,
        zone: Tz,
        trouble: Option<DateTime<Utc>>,
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
        let paused = self.state.pause.filter(|pause| match pause {
            Pause::UntilResumed => true,
            Pause::Until { at } => *at > now,
        });
        ReminderOverview {
            settings: self.clone(),
            zone: zone.name().to_owned(),
            next: due.as_ref().map(|d| d.at),
            next_kinds,
            paused,
            snoozed: self.state.snoozed.map(|(_, at)| at).filter(|at| *at > now),
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
