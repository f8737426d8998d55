//! When to remind: a pure function of the clock, the time zone, the rules and what has already
//! been delivered. The shell reads the clock and calls [`next_due`]; nothing here sleeps.
//!
//! Rules are wall-clock times in an IANA zone, so "19:00 on weekdays" stays 19:00 across DST
//! and after moving. Edge cases, each with a table test:
//! - a time inside a DST gap (02:30 on a spring-forward night) fires once, just after the gap;
//! - an ambiguous time (02:30 on a fall-back night) fires once, at its first occurrence;
//! - after sleep or a clock jump forward, a missed reminder is delivered once if it is at most
//!   `catch_up_minutes` late, else skipped — never a burst;
//! - the clock stepped back never repeats a delivered reminder (delivery is remembered in UTC);
//! - reminders that fall in quiet hours or a pause wait for their end and arrive together.

use std::collections::BTreeMap;

use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    QualityTime,
    Presence,
    CheckIn,
    Custom,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Schedule {
    /// At each of these wall-clock times, on these days.
    Times { times: Vec<NaiveTime>, days: Vec<Weekday> },
    /// One gentle nudge a day somewhere in this window, on these days; the minute is derived
    /// from the rule and the date, so it varies from day to day yet stays a pure function.
    Window {
        start: NaiveTime,
        end: NaiveTime,
        days: Vec<Weekday>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderRule {
    pub id: i64,
    pub kind: ReminderKind,
    pub schedule: Schedule,
    /// A missed reminder still comes if it is at most this late; later than that, it is skipped.
    pub catch_up_minutes: i64,
}

/// Hours without reminders, in local wall time; may run past midnight (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Pause {
    Until { at: DateTime<Utc> },
    UntilResumed,
}

/// What has happened so far, kept by the shell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderState {
    /// When each rule was last delivered (or its rule began), in UTC.
    pub last: BTreeMap<i64, DateTime<Utc>>,
    pub pause: Option<Pause>,
    /// A snoozed reminder: the rule and when it comes back.
    pub snoozed: Option<(i64, DateTime<Utc>)>,
}

/// The next delivery: when, and every rule it stands for (coalesced).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub at: DateTime<Utc>,
    pub rules: Vec<i64>,
}

/// A local wall time in `zone` as an instant. In a DST gap it is the first instant after the
/// gap; when ambiguous, its first occurrence.
pub fn resolve(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Walk forward a minute at a time: the first valid local minute is where the gap
            // ends (03:00 on a 02:00→03:00 night), which is the transition instant itself.
            let mut probe = local;
            for _ in 0..(24 * 60) {
                probe += Duration::minutes(1);
                if let Some(t) = zone.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&local)
        }
    }
}

/// The wall-clock times a rule asks for on `date`.
fn times_on(rule: &ReminderRule, date: NaiveDate) -> Vec<NaiveTime> {
    match &rule.schedule {
        Schedule::Times { times, days } if days.contains(&date.weekday()) => {
            let mut times = times.clone();
            times.sort();
            times
        }
        Schedule::Window { start, end, days } if days.contains(&date.weekday()) && end > start => {
            let span = (*end - *start).num_minutes().max(1) as u64;
            // A small, stable mix of the rule and the date (splitmix64's finaliser).
            let mut x = (rule.id as u64) ^ (date.num_days_from_ce() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            x ^= x >> 31;
            vec![*start + Duration::minutes((x % span) as i64)]
        }
        _ => Vec::new(),
    }
}

/// The first occurrence of `rule` strictly after `after`.
pub fn next_occurrence(rule: &ReminderRule, zone: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let first_day = after.with_timezone(&zone).date_naive().checked_sub_days(Days::new(1))?;
    (0..16)
        .filter_map(|d| first_day.checked_add_days(Days::new(d)))
        .flat_map(|date| times_on(rule, date).into_iter().map(move |t| date.and_time(t)))
        .map(|local| resolve(zone, local))
        .filter(|t| *t > after)
        .min()
}

fn in_quiet(quiet: QuietHours, local: NaiveTime) -> bool {
    if quiet.start <= quiet.end {
        local >= quiet.start && local < quiet.end
    } else {
        local >= quiet.start || local < quiet.end
    }
}

/// When quiet hours that contain `at` end.
fn quiet_end(quiet: QuietHours, zone: Tz, at: DateTime<Utc>) -> DateTime<Utc> {
    let local = at.with_timezone(&zone);
    let mut date = local.date_naive();
    if quiet.start > quiet.end && local.time() >= quiet.start {
        date = date.succ_opt().unwrap_or(date);
    }
    resolve(zone, date.and_time(quiet.end))
}

/// The next reminder to deliver, as of `now`. A rule with no `last` entry counts from `now`.
pub fn next_due(
    now: DateTime<Utc>,
    zone: Tz,
    rules: &[ReminderRule],
    state: &ReminderState,
    quiet: Option<QuietHours>,
) -> Option<Due> {
    if state.pause == Some(Pause::UntilResumed) {
        return None;
    }
    let mut dues: Vec<(DateTime<Utc>, i64)> = Vec::new();
    for rule in rules {
        // A `last` later than `now` means the clock was stepped back: counting from `last`
        // keeps what was delivered from coming again.
        let last = state.last.get(&rule.id).copied().unwrap_or(now);
        let Some(mut at) = next_occurrence(rule, zone, last) else {
            continue;
        };
        if at <= now {
            // Missed while asleep or while the clock jumped: the latest missed one decides.
            let mut latest = at;
            while let Some(next) = next_occurrence(rule, zone, latest).filter(|t| *t <= now) {
                latest = next;
            }
            at = if now - latest <= Duration::minutes(rule.catch_up_minutes) {
                now
            } else {
                match next_occurrence(rule, zone, now) {
                    Some(t) => t,
                    None => continue,
                }
            };
        }
        dues.push((at, rule.id));
    }
    if let Some((rule, until)) = state.snoozed {
        dues.push((until.max(now), rule));
    }
    for (at, _) in &mut dues {
        if let Some(Pause::Until { at: end }) = state.pause {
            if *at < end {
                *at = end;
            }
        }
        if let Some(q) = quiet {
            if in_quiet(q, at.with_timezone(&zone).time()) {
                *at = quiet_end(q, zone, *at);
            }
        }
    }
    let at = dues.iter().map(|(at, _)| *at).min()?;
    let mut rules: Vec<i64> = dues.iter().filter(|(t, _)| *t == at).map(|(_, id)| *id).collect();
    rules.sort_unstable();
    rules.dedup();
    Some(Due { at, rules })
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 4] = [
        ReminderKind::QualityTime,
        ReminderKind::Presence,
        ReminderKind::CheckIn,
        ReminderKind::Custom,
    ];

    /// Tend's own lines for this kind: invitations, never instructions.
    pub fn default_lines(self) -> &'static [&'static str] {
        match self {
            ReminderKind::QualityTime => &[
                "Would you like to plan an evening together this week?",
                "Is there something you both enjoy that you could do soon?",
                "A short walk together, maybe? Even twenty minutes counts.",
                "You could ask your partner what they'd enjoy doing this weekend.",
            ],
            ReminderKind::Presence => &[
                "A gentle nudge: when you're together tonight, you could put the phone in another room.",
                "Would you like to give your partner your full attention for a little while today?",
                "You could ask how their day really went, and simply listen.",
                "A moment to notice: where is your attention right now?",
            ],
            ReminderKind::CheckIn => &[
                "When you're ready, a short check-in is here for you.",
                "Would you like to note how today went? A few words are enough.",
                "A quiet moment for a check-in, if you'd like one.",
            ],
            ReminderKind::Custom => &["A gentle reminder from Tend."],
        }
    }
}

/// Everything about reminders, kept in its own file beside the database (not in it), so
/// reminders can keep running while the entries are locked, once a passphrase exists. Custom
/// lines are stored here too, and the settings screen says so.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReminderSettings {
    /// The IANA zone rules are written in; `None` follows the system's zone.
    pub zone: Option<String>,
    pub rules: Vec<ReminderRule>,
    pub quiet: Option<QuietHours>,
    /// The person's own lines per kind; a kind without any uses Tend's.
    pub lines: BTreeMap<String, Vec<String>>,
    pub state: ReminderState,
}

/// The settings file's name inside the data directory.
pub const SETTINGS_FILE: &str = "reminders.json";

impl ReminderSettings {
    /// The line for the `n`th reminder of `kind`: the lines take turns.
    pub fn line(&self, kind: ReminderKind, n: u64) -> String {
        let key = serde_json::to_value(kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        match self.lines.get(&key).filter(|own| !own.is_empty()) {
            Some(own) => own[(n % own.len() as u64) as usize].clone(),
            None => {
                let lines = kind.default_lines();
                lines[(n % lines.len() as u64) as usize].to_owned()
            }
        }
    }

    /// Reads the settings in `dir`; none yet means the defaults.
    pub fn load(dir: &std::path::Path) -> crate::Result<ReminderSettings> {
        match std::fs::read(dir.join(SETTINGS_FILE)) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).map_err(std::io::Error::other)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ReminderSettings::default()),
            Err(e) => Err(e.into()),
        }
    }

    /// Writes the settings whole or not at all: to a private temporary file that is synced and
    /// then renamed over the old one, so a crash leaves either the old file or the new.
    pub fn save(&self, dir: &std::path::Path) -> crate::Result<()> {
        use std::io::Write;
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        file.write_all(&json)?;
        file.as_file().sync_all()?;
        // tempfile creates the file 0600 on Unix; the rename keeps that.
        file.persist(dir.join(SETTINGS_FILE)).map_err(|e| e.error)?;
        Ok(())
    }
}
