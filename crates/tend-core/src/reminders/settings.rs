//! The reminder settings as one value: checked like a save, applied keeping the scheduler's
//! state, and told of each delivery and snooze.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::file::SETTINGS_VERSION;
use super::rules::*;
use super::timing::{next_due, resolve};
use crate::{Error, Result};

/// The largest rule id: the largest whole number a JavaScript number holds exactly. With at
/// most [`RULES_LIMIT`] rules, fresh ids counted on from it never overflow.
pub const RULE_ID_LIMIT: i64 = (1 << 53) - 1;

/// Everything about reminders, kept in its own file beside the database (not in it), so
/// reminders can keep running while the entries are locked, once a passphrase exists. Custom
/// lines are stored here too, and the settings screen says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ReminderSettings {
    /// The IANA zone rules are written in; `None` follows the system's zone.
    pub zone: Option<String>,
    pub rules: Vec<ReminderRule>,
    pub quiet: Option<QuietHours>,
    /// The person's own lines per kind; a kind without any uses Tend's.
    pub lines: BTreeMap<String, Vec<String>>,
    /// What "Snooze" on a notification means.
    pub snooze: SnoozeChoice,
    /// Kept by the scheduler; what the UI sends here is ignored.
    #[ts(skip)]
    pub state: ReminderState,
    /// The file format's version: [`SETTINGS_VERSION`] for this build's (and for the first
    /// files, which had none and read the same); higher for a newer Tend's.
    #[ts(skip)]
    pub version: u32,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            zone: None,
            rules: Vec::new(),
            quiet: None,
            lines: BTreeMap::new(),
            snooze: SnoozeChoice::default(),
            state: ReminderState::default(),
            version: SETTINGS_VERSION,
        }
    }
}

/// How far back a rule's last delivery may lie: what is older than this can never come any
/// more (a day's catch-up after a hold of at most [`HOLD_LIMIT`]), so walking further back
/// would only cost time.
pub const LAST_LOOK_BACK: Duration = Duration::days(3);
/// How far ahead a last delivery may lie (the clock stepped back); further ahead it would
/// silence its rule, so the rule counts from now instead.
pub const LAST_LOOK_AHEAD: Duration = Duration::days(1);
/// The longest a pause or a snooze can hold reminders ("until tomorrow morning" is less).
pub const HOLD_LIMIT: Duration = Duration::days(2);

impl ReminderSettings {
    /// The zone reminders follow: the chosen one, else the system's.
    pub fn zone_or(&self, system: Tz) -> Tz {
        self.zone.as_deref().and_then(|z| z.parse().ok()).unwrap_or(system)
    }

    /// Where the person's day starts: when quiet hours end, else [`MORNING`].
    pub fn day_start(&self) -> NaiveTime {
        self.quiet.map_or(MORNING, |q| q.end)
    }

    /// Checks what a person can set; `Err` names the first problem gently.
    pub fn validate(&self) -> Result<()> {
        let promises = self.rules.iter().filter(|r| r.promise().is_some()).count();
        if self.rules.len() - promises > RULES_LIMIT {
            return Err(Error::TooManyReminders { limit: RULES_LIMIT });
        }
        if promises > PROMISE_REMINDERS_LIMIT {
            return Err(Error::TooManyReminders {
                limit: PROMISE_REMINDERS_LIMIT,
            });
        }
        if let Some(zone) = &self.zone {
            zone.parse::<Tz>().map_err(|_| Error::UnknownTimeZone)?;
        }
        for rule in &self.rules {
            if !(0..=CATCH_UP_LIMIT).contains(&rule.catch_up_minutes) {
                return Err(Error::CatchUpOutOfRange { limit: CATCH_UP_LIMIT });
            }
            let days = match &rule.schedule {
                Schedule::Times { times, days } => {
                    if times.is_empty() {
                        return Err(Error::ReminderNoTimes);
                    }
                    if times.iter().any(|t| t.nanosecond() >= 1_000_000_000) {
                        return Err(Error::ReminderTimeImpossible);
                    }
                    if times.len() > TIMES_LIMIT {
                        return Err(Error::ReminderTooManyTimes { limit: TIMES_LIMIT });
                    }
                    days
                }
                Schedule::Window { start, end, days } => {
                    if [start, end].iter().any(|t| t.nanosecond() >= 1_000_000_000) {
                        return Err(Error::ReminderTimeImpossible);
                    }
                    if end <= start {
                        return Err(Error::ReminderEmptyWindow);
                    }
                    days
                }
                Schedule::Once { at, .. } => {
                    if at.nanosecond() >= 1_000_000_000 {
                        return Err(Error::ReminderTimeImpossible);
                    }
                    if rule.kind != ReminderKind::Promise {
                        return Err(Error::ReminderKindUnknown);
                    }
                    continue;
                }
            };
            if rule.kind == ReminderKind::Promise {
                return Err(Error::ReminderKindUnknown);
            }
            if days.is_empty() {
                return Err(Error::ReminderNoDays);
            }
        }
        for lines in self.lines.values() {
            if lines.len() > LINES_LIMIT {
                return Err(Error::TooManyReminderLines { limit: LINES_LIMIT });
            }
            if lines.iter().any(|line| line.chars().count() > LINE_LIMIT) {
                return Err(Error::ReminderLineTooLong { limit: LINE_LIMIT });
            }
        }
        Ok(())
    }

    /// Takes what the person set in `new` (checked first; on error nothing changes) and keeps
    /// the scheduler's own state. New rules get ids and start counting from `now`, so a time
    /// earlier today does not fire the moment it is saved.
    ///
    /// Promises' reminders are not the screen's to change: those in `new` are ignored and the
    /// current ones kept ([`ReminderSettings::remind_of_promise`] changes them).
    pub fn apply(&mut self, mut new: ReminderSettings, now: DateTime<Utc>) -> Result<()> {
        new.rules
            .retain(|rule| rule.promise().is_none() && rule.kind != ReminderKind::Promise);
        // The promises' first, so that a screen rule sent with one of their ids is the one given
        // a new id below.
        let mut rules: Vec<ReminderRule> = self
            .rules
            .iter()
            .filter(|rule| rule.promise().is_some())
            .cloned()
            .collect();
        rules.append(&mut new.rules);
        new.rules = rules;
        new.validate()?;
        // Ids the window can hold exactly (a JavaScript number); any other is a new rule's.
        let usable = |id: i64| (1..=RULE_ID_LIMIT).contains(&id);
        let mut next_id = new
            .rules
            .iter()
            .map(|r| r.id)
            .filter(|&id| usable(id))
            .max()
            .unwrap_or(0);
        let mut seen = std::collections::BTreeSet::new();
        for rule in &mut new.rules {
            if !usable(rule.id) || !seen.insert(rule.id) {
                next_id += 1;
                rule.id = next_id;
                seen.insert(rule.id);
            }
            match &mut rule.schedule {
                Schedule::Times { times, days } => {
                    times.sort();
                    times.dedup();
                    days.sort_by_key(|d| d.num_days_from_monday());
                    days.dedup();
                }
                Schedule::Window { days, .. } => {
                    days.sort_by_key(|d| d.num_days_from_monday());
                    days.dedup();
                }
                Schedule::Once { .. } => {}
            }
        }
        for lines in new.lines.values_mut() {
            *lines = lines
                .iter()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect();
        }
        new.lines.retain(|_, lines| !lines.is_empty());
        new.state = std::mem::take(&mut self.state);
        // A changed rule starts afresh, so editing 19:00 to 18:00 at 18:30 doesn't fire at once.
        let old = std::mem::take(&mut self.rules);
        for rule in &new.rules {
            if !old.contains(rule) {
                new.state.last.insert(rule.id, now);
            }
        }
        *self = new;
        self.prepare(now);
        Ok(())
    }

    /// Sets promise `promise`'s one reminder to come at local wall time `at`, or takes it away
    /// (`None`: the promise was kept, let go or deleted). A promise has one reminder at most;
    /// promises' reminders whose moment is days past (delivered or let go) are forgotten here.
    pub fn remind_of_promise(
        &mut self,
        promise: i64,
        at: Option<NaiveDateTime>,
        now: DateTime<Utc>,
        zone: Tz,
    ) -> Result<()> {
        let mut new = self.clone();
        new.rules.retain(|rule| match rule.schedule {
            Schedule::Once { promise: p, at: when } => p != promise && resolve(zone, when) > now - LAST_LOOK_BACK,
            _ => true,
        });
        if let Some(at) = at {
            let id = new.rules.iter().map(|r| r.id).max().unwrap_or(0) + 1;
            new.rules.push(ReminderRule {
                id,
                kind: ReminderKind::Promise,
                schedule: Schedule::Once { at, promise },
                // Found up to a day late (the computer asleep), it still comes.
                catch_up_minutes: CATCH_UP_LIMIT,
                enabled: true,
            });
            new.state.last.insert(id, now);
        }
        new.validate()?;
        new.prepare(now);
        *self = new;
        Ok(())
    }

    /// When each promise's reminder comes, as local wall times: (promise, moment).
    pub fn promise_reminders(&self) -> Vec<(i64, NaiveDateTime)> {
        self.rules
            .iter()
            .filter_map(|rule| match rule.schedule {
                Schedule::Once { at, promise } => Some((promise, at)),
                _ => None,
            })
            .collect()
    }

    /// Makes the state fit the rules: rules without a start count from `now`, what belongs to
    /// rules that are gone is forgotten, and instants are kept within bounds (see
    /// [`LAST_LOOK_BACK`], [`LAST_LOOK_AHEAD`], [`HOLD_LIMIT`]), whatever the file said.
    pub fn prepare(&mut self, now: DateTime<Utc>) {
        let ids: Vec<i64> = self.rules.iter().map(|r| r.id).collect();
        self.state.last.retain(|id, _| ids.contains(id));
        // A snooze of a rule that is gone (a promise kept, say) is let go with it.
        if self.state.snoozed.is_some_and(|(id, _)| !ids.contains(&id)) {
            self.state.snoozed = None;
        }
        for id in ids {
            self.state.last.entry(id).or_insert(now);
        }
        for last in self.state.last.values_mut() {
            if *last > now + LAST_LOOK_AHEAD {
                *last = now;
            } else if *last < now - LAST_LOOK_BACK {
                *last = now - LAST_LOOK_BACK;
            }
        }
        if let Some(Pause::Until { at }) = &mut self.state.pause {
            *at = (*at).min(now + HOLD_LIMIT);
            // An ended pause is kept a day: what it held may still come (after a restart, say).
            if *at + Duration::minutes(CATCH_UP_LIMIT) + ON_TIME < now {
                self.state.pause = None;
            }
        }
        if let Some((_, until)) = &mut self.state.snoozed {
            *until = (*until).min(now + HOLD_LIMIT);
        }
    }

    /// The next reminder of the rules that are on.
    pub fn due(&self, now: DateTime<Utc>, zone: Tz) -> Option<Due> {
        let on: Vec<ReminderRule> = self.rules.iter().filter(|r| r.enabled).cloned().collect();
        next_due(now, zone, &on, &self.state, self.quiet)
    }

    /// Records that `due` was delivered at `now`.
    pub fn delivered(&mut self, due: &Due, now: DateTime<Utc>) {
        for id in &due.rules {
            if self.rules.iter().any(|r| r.id == *id) {
                self.state.last.insert(*id, now);
            }
        }
        // The snoozed rule has come, snoozed or not: it does not come a second time for it.
        if self.state.snoozed.is_some_and(|(id, _)| due.rules.contains(&id)) {
            self.state.snoozed = None;
        }
        self.state.sent += 1;
        self.prepare(now);
    }

    /// Holds the reminder for `rules` back by the person's snooze choice.
    pub fn snooze(&mut self, rules: &[i64], now: DateTime<Utc>, zone: Tz) {
        let rule = rules.first().copied().unwrap_or(0);
        self.state.snoozed = Some((rule, self.snooze.until(now, zone)));
    }

    /// Pauses every reminder by the person's choice (the tray and the Reminders screen both
    /// come here).
    pub fn pause(&mut self, choice: PauseChoice, now: DateTime<Utc>, zone: Tz) {
        self.state.pause = Some(choice.pause(now, zone, self.day_start()));
    }

    /// Ends a pause, if there is one.
    pub fn resume(&mut self) {
        self.state.pause = None;
    }
}
