//! When a reminder comes: a pure function of the instant, the zone, the rules and the state.

use chrono::{DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::rules::{CATCH_UP_LIMIT, Due, ON_TIME, Pause, QuietHours, ReminderRule, ReminderState, Schedule};

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
        Schedule::Once { at, .. } if at.date() == date => vec![at.time()],
        _ => Vec::new(),
    }
}

/// The first occurrence of `rule` strictly after `after`.
pub fn next_occurrence(rule: &ReminderRule, zone: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if let Schedule::Once { at, .. } = rule.schedule {
        // However far ahead: a promise's reminder may be weeks away.
        return Some(resolve(zone, at)).filter(|t| *t > after);
    }
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
