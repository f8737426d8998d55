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
//! - reminders that fall in quiet hours or a timed pause wait for their end and arrive then,
//!   together, once; "until resumed" holds nothing back: what it covered follows the catch-up
//!   rule when it ends.

use std::collections::BTreeMap;

use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// The most reminders one person keeps.
pub const RULES_LIMIT: usize = 24;
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReminderRule {
    /// 0 for a rule the person just added; Tend gives it an id when the settings are saved.
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

/// When quiet hours that contain `at` end: the first instant after `at` whose wall time is the
/// end. (On a fall-back night the end's wall time happens twice; the one after `at` counts.)
fn quiet_end(quiet: QuietHours, zone: Tz, at: DateTime<Utc>) -> DateTime<Utc> {
    let local = at.with_timezone(&zone);
    let mut date = local.date_naive();
    if quiet.start > quiet.end && local.time() >= quiet.start {
        date = date.succ_opt().unwrap_or(date);
    }
    let end = date.and_time(quiet.end);
    let resolved = resolve(zone, end);
    if resolved > at {
        return resolved;
    }
    zone.from_local_datetime(&end)
        .latest()
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| *t > at)
        .unwrap_or(at + ON_TIME)
}

/// When a reminder meant for `at` may come: `at` itself, or the end of the quiet hours or the
/// timed pause holding it (and of the next hold, if one ends inside another).
///
/// Invariants the scheduler relies on: `hold(x) >= x`, `hold` never decreases as `x` grows,
/// and `hold(hold(x)) == hold(x)`. "Until resumed" is not a hold: nothing comes while it lasts.
fn hold(at: DateTime<Utc>, zone: Tz, pause: Option<Pause>, quiet: Option<QuietHours>) -> DateTime<Utc> {
    let mut at = at;
    // A pause end inside quiet hours moves to their end, which is never inside the pause, so two
    // rounds settle it; a few more cost nothing and guard odd zones.
    for _ in 0..4 {
        let before = at;
        if let Some(Pause::Until { at: end }) = pause
            && at < end
        {
            at = end;
        }
        if let Some(q) = quiet
            && in_quiet(q, at.with_timezone(&zone).time())
        {
            at = quiet_end(q, zone, at);
        }
        if at == before {
            break;
        }
    }
    at
}

/// The next reminder to deliver, as of `now`. A rule with no `last` entry counts from `now`.
///
/// A reminder held by quiet hours or a timed pause comes once, when the hold ends. One the
/// computer slept through (or the clock jumped over) still comes if it is found at most
/// `catch_up_minutes` after it was free to come, else it is let go and the next one counts.
/// For every instant between now and the answer's `at`, the answer is the same.
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
    let hold = |at: DateTime<Utc>| hold(at, zone, state.pause, quiet);
    let mut dues: Vec<(DateTime<Utc>, i64)> = Vec::new();
    for rule in rules {
        // A `last` later than `now` means the clock was stepped back: counting from `last`
        // keeps what was delivered from coming again.
        let last = state.last.get(&rule.id).copied().unwrap_or(now);
        let Some(mut occurrence) = next_occurrence(rule, zone, last) else {
            continue;
        };
        if occurrence <= now {
            // Missed while held, asleep or while the clock jumped: the latest missed one
            // decides (the others are free no later and so are later still).
            while let Some(next) = next_occurrence(rule, zone, occurrence).filter(|t| *t <= now) {
                occurrence = next;
            }
            let catch_up = Duration::minutes(rule.catch_up_minutes.clamp(0, CATCH_UP_LIMIT)) + ON_TIME;
            // Measured from when it was free to come; a deadline inside a hold lasts to its end,
            // so a catch-up found then waits for the hold and still comes.
            let deadline = hold(hold(occurrence) + catch_up);
            if now > deadline {
                match next_occurrence(rule, zone, now) {
                    Some(t) => occurrence = t,
                    None => continue,
                }
            }
        }
        dues.push((hold(occurrence.max(now)), rule.id));
    }
    if let Some((rule, until)) = state.snoozed {
        dues.push((hold(until.max(now)), rule));
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

/// The version of `reminders.json` this build writes. A file with a higher one came from a
/// newer Tend: it is read if it can be, and never rewritten.
pub const SETTINGS_VERSION: u32 = 1;
/// How far back a rule's last delivery may lie: what is older than this can never come any
/// more (a day's catch-up after a day's hold), so walking further back would only cost time.
pub const LAST_LOOK_BACK: Duration = Duration::days(3);
/// How far ahead a last delivery may lie (the clock stepped back); further ahead it would
/// silence its rule, so the rule counts from now instead.
pub const LAST_LOOK_AHEAD: Duration = Duration::days(1);
/// The longest a pause or a snooze can hold reminders ("until tomorrow morning" is less).
pub const HOLD_LIMIT: Duration = Duration::days(2);

/// What opening the settings file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsFile {
    pub settings: ReminderSettings,
    /// False for a file from a newer Tend: Tend follows it but never writes over it.
    pub writable: bool,
    /// Gentle words about anything unusual found, for the Reminders screen.
    pub notice: Option<String>,
}

/// The settings file's name inside the data directory.
pub const SETTINGS_FILE: &str = "reminders.json";

impl ReminderKind {
    /// The key of this kind in [`ReminderSettings::lines`].
    pub fn key(self) -> &'static str {
        match self {
            ReminderKind::QualityTime => "quality_time",
            ReminderKind::Presence => "presence",
            ReminderKind::CheckIn => "check_in",
            ReminderKind::Custom => "custom",
        }
    }

    /// The notification's title for this kind.
    pub fn title(self) -> &'static str {
        match self {
            ReminderKind::QualityTime => "Time together",
            ReminderKind::Presence => "Being present",
            ReminderKind::CheckIn => "A moment to check in",
            ReminderKind::Custom => "A reminder from Tend",
        }
    }
}

impl ReminderSettings {
    /// The line for the `n`th reminder of `kind`: the lines take turns.
    pub fn line(&self, kind: ReminderKind, n: u64) -> String {
        match self.lines.get(kind.key()).filter(|own| !own.is_empty()) {
            Some(own) => own[(n % own.len() as u64) as usize].clone(),
            None => {
                let lines = kind.default_lines();
                lines[(n % lines.len() as u64) as usize].to_owned()
            }
        }
    }

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
        if self.rules.len() > RULES_LIMIT {
            return Err(Error::TooManyReminders { limit: RULES_LIMIT });
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
                    if times.len() > TIMES_LIMIT {
                        return Err(Error::ReminderTooManyTimes { limit: TIMES_LIMIT });
                    }
                    days
                }
                Schedule::Window { start, end, days } => {
                    if end <= start {
                        return Err(Error::ReminderEmptyWindow);
                    }
                    days
                }
            };
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
    pub fn apply(&mut self, mut new: ReminderSettings, now: DateTime<Utc>) -> Result<()> {
        new.validate()?;
        let mut next_id = new.rules.iter().map(|r| r.id).max().unwrap_or(0).max(0);
        let mut seen = std::collections::BTreeSet::new();
        for rule in &mut new.rules {
            if rule.id <= 0 || !seen.insert(rule.id) {
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

    /// Makes the state fit the rules: rules without a start count from `now`, what belongs to
    /// rules that are gone is forgotten, and instants are kept within bounds (see
    /// [`LAST_LOOK_BACK`], [`LAST_LOOK_AHEAD`], [`HOLD_LIMIT`]), whatever the file said.
    pub fn prepare(&mut self, now: DateTime<Utc>) {
        let ids: Vec<i64> = self.rules.iter().map(|r| r.id).collect();
        self.state.last.retain(|id, _| ids.contains(id));
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

    /// The notification for `due`: a title and one gentle line per kind of reminder in it.
    /// Built only from the settings, never from anything written in a check-in or journal.
    pub fn message(&self, rules: &[i64]) -> (String, String) {
        let mut kinds: Vec<ReminderKind> = Vec::new();
        for id in rules {
            if let Some(rule) = self.rules.iter().find(|r| r.id == *id)
                && !kinds.contains(&rule.kind)
            {
                kinds.push(rule.kind);
            }
        }
        if kinds.is_empty() {
            kinds.push(ReminderKind::Custom);
        }
        let title = if kinds.len() == 1 {
            kinds[0].title().to_owned()
        } else {
            "A few gentle reminders".to_owned()
        };
        let body = kinds
            .iter()
            .map(|kind| self.line(*kind, self.state.sent))
            .collect::<Vec<_>>()
            .join("\n");
        (title, body)
    }

    /// Reads the settings in `dir` as they are; none yet means the defaults. An unreadable file
    /// is an error here; [`ReminderSettings::open`] is what the app uses.
    pub fn load(dir: &std::path::Path) -> crate::Result<ReminderSettings> {
        match std::fs::read(dir.join(SETTINGS_FILE)) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).map_err(std::io::Error::other)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ReminderSettings::default()),
            Err(e) => Err(e.into()),
        }
    }

    /// Opens the settings in `dir` for the app: checked and bounded like a save, and prepared
    /// for `now`. A file Tend can't use is never written over: it is set aside under a dated
    /// name (and said so), unless it came from a newer Tend, which is followed where it can be
    /// and left exactly as it is. Only a file that can't be read at all (a permission, say) is
    /// an error.
    pub fn open(dir: &std::path::Path, now: DateTime<Utc>) -> crate::Result<SettingsFile> {
        let path = dir.join(SETTINGS_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut settings = ReminderSettings::default();
                settings.prepare(now);
                return Ok(SettingsFile {
                    settings,
                    writable: true,
                    notice: None,
                });
            }
            Err(e) => return Err(e.into()),
        };
        let parsed = serde_json::from_slice::<ReminderSettings>(&bytes);
        let newer = match &parsed {
            Ok(settings) => settings.version > SETTINGS_VERSION,
            // Read just the version, to know whose file this is.
            Err(_) => serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v.get("version")?.as_u64())
                .is_some_and(|v| v > u64::from(SETTINGS_VERSION)),
        };
        let usable = parsed.ok().filter(|settings| settings.validate().is_ok());
        let (mut settings, writable, notice) = match (usable, newer) {
            (Some(settings), false) => (settings, true, None),
            (Some(settings), true) => (settings, false, Some(NEWER_SETTINGS.to_owned())),
            (None, true) => (ReminderSettings::default(), false, Some(NEWER_SETTINGS.to_owned())),
            (None, false) => {
                let aside = format!("reminders-unreadable-{}.json", now.format("%Y-%m-%dT%H%M%S"));
                std::fs::rename(&path, dir.join(&aside))?;
                sync_dir(dir)?;
                (
                    ReminderSettings::default(),
                    true,
                    Some(format!(
                        "Tend couldn't read its reminder settings, so it kept them aside as {aside} in its data folder and started with none. Your check-ins and journal are not affected. You could set your reminders again here."
                    )),
                )
            }
        };
        settings.prepare(now);
        Ok(SettingsFile {
            settings,
            writable,
            notice,
        })
    }

    /// Writes the settings whole or not at all: to a private temporary file that is synced and
    /// then renamed over the old one, and the directory synced, so a crash or power loss leaves
    /// either the old file or the new.
    pub fn save(&self, dir: &std::path::Path) -> crate::Result<()> {
        use std::io::Write;
        let mut versioned = self.clone();
        versioned.version = SETTINGS_VERSION;
        let json = serde_json::to_vec_pretty(&versioned).map_err(std::io::Error::other)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        file.write_all(&json)?;
        file.as_file().sync_all()?;
        // tempfile creates the file 0600 on Unix; the rename keeps that.
        file.persist(dir.join(SETTINGS_FILE)).map_err(|e| e.error)?;
        sync_dir(dir)
    }
}

/// What the Reminders screen says when the settings came from a newer Tend.
const NEWER_SETTINGS: &str = "These reminder settings were saved by a newer version of Tend. Tend follows them as far as it can and leaves the file as it is, so changes made here are not kept. Updating Tend will let you change them again.";

/// Makes a rename in `dir` durable: the directory entry itself is synced.
#[cfg(unix)]
fn sync_dir(dir: &std::path::Path) -> crate::Result<()> {
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

#[cfg(not(unix))]
fn sync_dir(_dir: &std::path::Path) -> crate::Result<()> {
    Ok(())
}

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
