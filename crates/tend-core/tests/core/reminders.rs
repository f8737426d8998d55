//! `next_due` against instants written by hand (not captured from the function).

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use chrono_tz::America::New_York;
use chrono_tz::Europe::Berlin;
use tend_core::ErrorKind;
use tend_core::reminders::{
    Due, EVERY_DAY, Pause, PauseChoice, QuietHours, ReminderKind, ReminderRule, ReminderSettings, ReminderState,
    SETTINGS_FILE, Schedule, SnoozeChoice, describe, next_due, next_occurrence,
};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn hm(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

fn daily(id: i64, times: &[&str], catch_up_minutes: i64) -> ReminderRule {
    ReminderRule {
        id,
        kind: ReminderKind::QualityTime,
        schedule: Schedule::Times {
            times: times.iter().map(|t| hm(t)).collect(),
            days: EVERY_DAY.to_vec(),
        },
        catch_up_minutes,
        enabled: true,
    }
}

fn delivered(pairs: &[(i64, &str)]) -> ReminderState {
    ReminderState {
        last: pairs.iter().map(|(id, at)| (*id, utc(at))).collect(),
        ..Default::default()
    }
}

fn due(at: &str, rules: &[i64]) -> Option<Due> {
    Some(Due {
        at: utc(at),
        rules: rules.to_vec(),
    })
}

#[test]
fn an_ordinary_day() {
    let rules = [daily(1, &["19:00"], 30)];
    let state = delivered(&[(1, "2026-11-26T09:00:00Z")]);
    // 19:00 in Berlin in November (CET, UTC+1) is 18:00 UTC.
    assert_eq!(
        next_due(utc("2026-11-26T10:00:00Z"), Berlin, &rules, &state, None),
        due("2026-11-26T18:00:00Z", &[1])
    );
}

#[test]
fn dst_gaps_fire_once_just_after_the_gap() {
    // Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 never happens.
    let rules = [daily(1, &["02:30"], 30)];
    let state = delivered(&[(1, "2026-03-28T12:00:00Z")]);
    assert_eq!(
        next_due(utc("2026-03-28T12:00:00Z"), Berlin, &rules, &state, None),
        due("2026-03-29T01:00:00Z", &[1])
    );
    let after = delivered(&[(1, "2026-03-29T01:00:00Z")]);
    // The next night is ordinary summer time: 02:30 CEST is 00:30 UTC.
    assert_eq!(
        next_due(utc("2026-03-29T01:00:30Z"), Berlin, &rules, &after, None),
        due("2026-03-30T00:30:00Z", &[1])
    );
    // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
    let rules = [daily(1, &["02:15"], 30)];
    let state = delivered(&[(1, "2026-03-07T12:00:00Z")]);
    assert_eq!(
        next_due(utc("2026-03-07T12:00:00Z"), New_York, &rules, &state, None),
        due("2026-03-08T07:00:00Z", &[1])
    );
}

#[test]
fn ambiguous_times_fire_once_at_their_first_occurrence() {
    // Berlin, 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice, first at
    // 00:30 UTC (CEST) and again at 01:30 UTC (CET).
    let rules = [daily(1, &["02:30"], 30)];
    let state = delivered(&[(1, "2026-10-24T12:00:00Z")]);
    assert_eq!(
        next_due(utc("2026-10-24T12:00:00Z"), Berlin, &rules, &state, None),
        due("2026-10-25T00:30:00Z", &[1])
    );
    let after = delivered(&[(1, "2026-10-25T00:30:00Z")]);
    assert_eq!(
        next_due(utc("2026-10-25T01:30:00Z"), Berlin, &rules, &after, None),
        due("2026-10-26T01:30:00Z", &[1]),
        "not again at the second 02:30; next is 02:30 CET on the 26th"
    );
    // New York, 1 November 2026: 01:30 happens at 05:30 UTC (EDT) and 06:30 UTC (EST).
    let rules = [daily(1, &["01:30"], 30)];
    let after = delivered(&[(1, "2026-11-01T05:30:00Z")]);
    assert_eq!(
        next_due(utc("2026-11-01T06:30:00Z"), New_York, &rules, &after, None),
        due("2026-11-02T06:30:00Z", &[1])
    );
}

#[test]
fn after_eight_hours_asleep_one_catch_up_or_none() {
    let hourly = [
        "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00",
    ];
    // Delivered 09:00 Berlin (08:00 UTC); asleep until 17:10 Berlin (16:10 UTC).
    let state = delivered(&[(1, "2026-11-26T08:00:00Z")]);
    let now = utc("2026-11-26T16:10:00Z");
    // 17:00 was missed by ten minutes: one reminder, now, for all that was missed.
    let generous = [daily(1, &hourly, 30)];
    assert_eq!(
        next_due(now, Berlin, &generous, &state, None),
        due("2026-11-26T16:10:00Z", &[1])
    );
    let after = delivered(&[(1, "2026-11-26T16:10:00Z")]);
    assert_eq!(
        next_due(utc("2026-11-26T16:10:05Z"), Berlin, &generous, &after, None),
        due("2026-11-27T08:00:00Z", &[1]),
        "exactly one catch-up"
    );
    // Too late to be worth it: skipped, and the next one is tomorrow's first.
    let strict = [daily(1, &hourly, 5)];
    assert_eq!(
        next_due(now, Berlin, &strict, &state, None),
        due("2026-11-27T08:00:00Z", &[1])
    );
}

#[test]
fn a_clock_stepped_back_or_forward_never_doubles() {
    let rules = [daily(1, &["12:00"], 60)];
    // Delivered at 12:00 Berlin (11:00 UTC); then the clock is set back an hour.
    let state = delivered(&[(1, "2026-11-26T11:00:00Z")]);
    assert_eq!(
        next_due(utc("2026-11-26T10:20:00Z"), Berlin, &rules, &state, None),
        due("2026-11-27T11:00:00Z", &[1])
    );
    // Set forward past 12:00 (from 11:50 to 12:50 Berlin): delivered once, late, now.
    let state = delivered(&[(1, "2026-11-25T11:00:00Z")]);
    assert_eq!(
        next_due(utc("2026-11-26T11:50:00Z"), Berlin, &rules, &state, None),
        due("2026-11-26T11:50:00Z", &[1])
    );
}

#[test]
fn quiet_hours_and_a_pause_hold_reminders_and_coalesce_them() {
    let quiet = QuietHours {
        start: hm("22:00"),
        end: hm("07:00"),
    };
    let rules = [daily(1, &["23:00"], 30), daily(2, &["06:00"], 30)];
    let state = delivered(&[(1, "2026-11-26T12:00:00Z"), (2, "2026-11-26T12:00:00Z")]);
    // Both fall in quiet hours and come together at 07:00 Berlin (06:00 UTC).
    assert_eq!(
        next_due(utc("2026-11-26T12:00:00Z"), Berlin, &rules, &state, Some(quiet)),
        due("2026-11-27T06:00:00Z", &[1, 2])
    );

    let rules = [daily(1, &["19:00"], 30), daily(2, &["20:30"], 30)];
    let mut state = delivered(&[(1, "2026-11-26T12:00:00Z"), (2, "2026-11-26T12:00:00Z")]);
    state.pause = Some(Pause::Until {
        at: utc("2026-11-26T20:00:00Z"),
    });
    // 19:00 and 20:30 Berlin (18:00, 19:30 UTC) wait for the pause to end at 20:00 UTC.
    assert_eq!(
        next_due(utc("2026-11-26T12:00:00Z"), Berlin, &rules, &state, None),
        due("2026-11-26T20:00:00Z", &[1, 2])
    );
    state.pause = Some(Pause::UntilResumed);
    assert_eq!(
        next_due(utc("2026-11-26T12:00:00Z"), Berlin, &rules, &state, None),
        None
    );
}

#[test]
fn a_snoozed_reminder_comes_back() {
    let rules = [daily(1, &["19:00"], 30)];
    let mut state = delivered(&[(1, "2026-11-26T18:00:00Z")]);
    state.snoozed = Some((1, utc("2026-11-26T18:10:00Z")));
    assert_eq!(
        next_due(utc("2026-11-26T18:00:30Z"), Berlin, &rules, &state, None),
        due("2026-11-26T18:10:00Z", &[1])
    );
}

#[test]
fn moving_time_zones_replans_to_the_new_wall_clock() {
    let rules = [daily(1, &["19:00"], 30)];
    // Delivered at 19:00 in Berlin (18:00 UTC), then a flight to New York.
    let state = delivered(&[(1, "2026-11-26T18:00:00Z")]);
    // 15:00 in New York: 19:00 there (EST, UTC−5) is 00:00 UTC on the 27th.
    assert_eq!(
        next_due(utc("2026-11-26T20:00:00Z"), New_York, &rules, &state, None),
        due("2026-11-27T00:00:00Z", &[1])
    );
}

#[test]
fn a_window_gives_one_nudge_a_day_at_a_varied_stable_time() {
    let rule = ReminderRule {
        id: 7,
        kind: ReminderKind::Presence,
        schedule: Schedule::Window {
            start: hm("18:00"),
            end: hm("21:00"),
            days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
        },
        catch_up_minutes: 30,
        enabled: true,
    };
    // From Friday 27 November 2026 through the weekend to the next Friday.
    let mut at = utc("2026-11-27T06:00:00Z");
    let mut minutes = Vec::new();
    for _ in 0..6 {
        let next = next_occurrence(&rule, Berlin, at).unwrap();
        assert_eq!(
            next_occurrence(&rule, Berlin, at),
            Some(next),
            "the same answer every time"
        );
        let local = next.with_timezone(&Berlin);
        assert!(local.time() >= hm("18:00") && local.time() < hm("21:00"), "{local}");
        assert!(
            !matches!(local.format("%a").to_string().as_str(), "Sat" | "Sun"),
            "{local}"
        );
        minutes.push(local.time());
        at = next;
    }
    minutes.sort();
    minutes.dedup();
    assert!(minutes.len() > 1, "the time varies from day to day");
}

#[test]
fn every_default_line_is_an_invitation() {
    for kind in ReminderKind::ALL {
        for line in kind.default_lines() {
            assert!(tend_core::tone::findings(line).is_empty(), "{line:?}");
        }
    }
}

#[test]
fn lines_take_turns_and_the_persons_own_come_first() {
    let mut settings = ReminderSettings::default();
    let defaults = ReminderKind::Presence.default_lines();
    assert_eq!(settings.line(ReminderKind::Presence, 0), defaults[0]);
    assert_eq!(settings.line(ReminderKind::Presence, 1), defaults[1]);
    assert_eq!(
        settings.line(ReminderKind::Presence, defaults.len() as u64),
        defaults[0]
    );
    settings.lines.insert(
        "presence".into(),
        vec!["Look up for a moment 🌿".into(), "Phone away?".into()],
    );
    assert_eq!(settings.line(ReminderKind::Presence, 3), "Phone away?");
    assert_eq!(
        settings.line(ReminderKind::CheckIn, 0),
        ReminderKind::CheckIn.default_lines()[0]
    );
}

#[test]
fn settings_live_in_their_own_private_file_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(ReminderSettings::load(dir.path()).unwrap(), ReminderSettings::default());
    let mut settings = ReminderSettings {
        zone: Some("Europe/Berlin".into()),
        rules: vec![daily(1, &["19:00"], 30)],
        quiet: Some(QuietHours {
            start: hm("22:00"),
            end: hm("07:00"),
        }),
        ..Default::default()
    };
    settings.state.last.insert(1, utc("2026-11-26T18:00:00Z"));
    settings.state.pause = Some(Pause::UntilResumed);
    settings.save(dir.path()).unwrap();
    assert_eq!(ReminderSettings::load(dir.path()).unwrap(), settings);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, [SETTINGS_FILE], "no temporary file is left behind");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(SETTINGS_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn snooze_choices() {
    // Thursday 26 November 2026, 10:00 in Berlin (09:00 UTC).
    let now = utc("2026-11-26T09:00:00Z");
    assert_eq!(SnoozeChoice::TenMinutes.until(now, Berlin), utc("2026-11-26T09:10:00Z"));
    assert_eq!(SnoozeChoice::Hour.until(now, Berlin), utc("2026-11-26T10:00:00Z"));
    // This evening: 19:00 Berlin is 18:00 UTC.
    assert_eq!(SnoozeChoice::Evening.until(now, Berlin), utc("2026-11-26T18:00:00Z"));
    // At 18:30 "this evening" is an hour from now, since 19:00 is sooner than that.
    assert_eq!(
        SnoozeChoice::Evening.until(utc("2026-11-26T17:30:00Z"), Berlin),
        utc("2026-11-26T18:30:00Z")
    );
}

#[test]
fn pause_choices() {
    let now = utc("2026-11-26T09:00:00Z"); // 10:00 Berlin
    let morning = hm("08:00");
    assert_eq!(
        PauseChoice::Hour.pause(now, Berlin, morning),
        Pause::Until {
            at: utc("2026-11-26T10:00:00Z")
        }
    );
    // Tomorrow 08:00 Berlin.
    assert_eq!(
        PauseChoice::UntilMorning.pause(now, Berlin, morning),
        Pause::Until {
            at: utc("2026-11-27T07:00:00Z")
        }
    );
    // At 01:00 Berlin, "tomorrow morning" is the morning coming: today 08:00.
    assert_eq!(
        PauseChoice::UntilMorning.pause(utc("2026-11-26T00:00:00Z"), Berlin, morning),
        Pause::Until {
            at: utc("2026-11-26T07:00:00Z")
        }
    );
    assert_eq!(
        PauseChoice::UntilResumed.pause(now, Berlin, morning),
        Pause::UntilResumed
    );
    // Quiet hours say when the day starts.
    let settings = ReminderSettings {
        quiet: Some(QuietHours {
            start: hm("22:30"),
            end: hm("06:45"),
        }),
        ..Default::default()
    };
    assert_eq!(settings.day_start(), hm("06:45"));
    assert_eq!(ReminderSettings::default().day_start(), morning);
}

#[test]
fn a_new_rule_counts_from_when_it_was_saved() {
    let mut settings = ReminderSettings::default();
    // Saved at 19:30 Berlin: 19:00 today has passed and must not fire now.
    let saved = utc("2026-11-26T18:30:00Z");
    let mut new = ReminderSettings {
        rules: vec![daily(0, &["19:00"], 600), daily(0, &["08:00"], 30)],
        ..Default::default()
    };
    new.state.sent = 99; // what the UI sends as state is ignored
    settings.apply(new, saved).unwrap();
    let ids: Vec<i64> = settings.rules.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![1, 2]);
    assert_eq!(settings.state.sent, 0);
    assert_eq!(
        settings.due(saved + chrono::Duration::minutes(1), Berlin),
        due("2026-11-27T07:00:00Z", &[2])
    );
}

#[test]
fn delivering_moves_on_to_the_next_and_the_lines_take_turns() {
    let mut settings = ReminderSettings::default();
    settings
        .apply(
            ReminderSettings {
                rules: vec![daily(0, &["19:00"], 30)],
                ..Default::default()
            },
            utc("2026-11-26T09:00:00Z"),
        )
        .unwrap();
    let first = settings.due(utc("2026-11-26T09:01:00Z"), Berlin).unwrap();
    assert_eq!(first, due("2026-11-26T18:00:00Z", &[1]).unwrap());
    let (title, body) = settings.message(&first.rules);
    assert_eq!(title, "Time together");
    assert_eq!(body, ReminderKind::QualityTime.default_lines()[0]);
    settings.delivered(&first, utc("2026-11-26T18:00:01Z"));
    assert_eq!(
        settings.due(utc("2026-11-26T18:00:02Z"), Berlin),
        due("2026-11-27T18:00:00Z", &[1])
    );
    assert_eq!(
        settings.message(&first.rules).1,
        ReminderKind::QualityTime.default_lines()[1]
    );
}

#[test]
fn snooze_from_a_notification_brings_it_back_once() {
    let mut settings = ReminderSettings {
        rules: vec![daily(1, &["19:00"], 30)],
        snooze: SnoozeChoice::TenMinutes,
        ..Default::default()
    };
    settings.prepare(utc("2026-11-26T09:00:00Z"));
    let first = settings.due(utc("2026-11-26T18:00:00Z"), Berlin).unwrap();
    settings.delivered(&first, utc("2026-11-26T18:00:00Z"));
    settings.snooze(&first.rules, utc("2026-11-26T18:00:30Z"), Berlin);
    let again = settings.due(utc("2026-11-26T18:01:00Z"), Berlin);
    assert_eq!(again, due("2026-11-26T18:10:30Z", &[1]));
    settings.delivered(again.as_ref().unwrap(), utc("2026-11-26T18:10:30Z"));
    assert_eq!(settings.state.snoozed, None);
    assert_eq!(
        settings.due(utc("2026-11-26T18:11:00Z"), Berlin),
        due("2026-11-27T18:00:00Z", &[1])
    );
}

#[test]
fn switched_off_rules_never_come() {
    let mut rule = daily(1, &["19:00"], 30);
    rule.enabled = false;
    let mut settings = ReminderSettings {
        rules: vec![rule],
        ..Default::default()
    };
    settings.prepare(utc("2026-11-26T09:00:00Z"));
    assert_eq!(settings.due(utc("2026-11-26T09:00:00Z"), Berlin), None);
}

#[test]
fn bad_settings_get_gentle_words_and_change_nothing() {
    let mut settings = ReminderSettings {
        rules: vec![daily(1, &["19:00"], 30)],
        ..Default::default()
    };
    settings.prepare(utc("2026-11-26T09:00:00Z"));
    let before = settings.clone();
    let rule = |schedule: Schedule, catch_up_minutes: i64| ReminderRule {
        id: 0,
        kind: ReminderKind::Presence,
        schedule,
        catch_up_minutes,
        enabled: true,
    };
    let times = |times: &[&str], days: &[Weekday]| Schedule::Times {
        times: times.iter().map(|t| hm(t)).collect(),
        days: days.to_vec(),
    };
    let bad = [
        rule(times(&["19:00"], &[]), 30),
        rule(times(&[], &EVERY_DAY), 30),
        rule(times(&["19:00"], &EVERY_DAY), -1),
        rule(times(&["19:00"], &EVERY_DAY), 1441),
        rule(
            times(
                &[
                    "01:00", "02:00", "03:00", "04:00", "05:00", "06:00", "07:00", "08:00", "09:00", "10:00", "11:00",
                    "12:00", "13:00",
                ],
                &EVERY_DAY,
            ),
            30,
        ),
        rule(
            Schedule::Window {
                start: hm("21:00"),
                end: hm("18:00"),
                days: EVERY_DAY.to_vec(),
            },
            30,
        ),
    ];
    let mut attempts: Vec<ReminderSettings> = bad
        .into_iter()
        .map(|r| ReminderSettings {
            rules: vec![r],
            ..Default::default()
        })
        .collect();
    attempts.push(ReminderSettings {
        zone: Some("Mars/Olympus_Mons".into()),
        ..Default::default()
    });
    attempts.push(ReminderSettings {
        lines: [("presence".to_owned(), vec!["x".repeat(201)])].into(),
        ..Default::default()
    });
    attempts.push(ReminderSettings {
        lines: [("presence".to_owned(), vec!["hello".to_owned(); 31])].into(),
        ..Default::default()
    });
    attempts.push(ReminderSettings {
        rules: (0..25).map(|_| daily(0, &["19:00"], 30)).collect(),
        ..Default::default()
    });
    for attempt in attempts {
        let error = settings
            .apply(attempt.clone(), utc("2026-11-26T10:00:00Z"))
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{attempt:?}");
        let words = error.user_message();
        assert!(tend_core::tone::findings(&words).is_empty(), "{words}");
        assert_eq!(settings, before, "nothing changed by {attempt:?}");
    }
    // A line of exactly 200 characters, and emoji, are kept; blank lines are dropped.
    let line = "🌿".repeat(200);
    settings
        .apply(
            ReminderSettings {
                lines: [("custom".to_owned(), vec![line.clone(), "  ".into()])].into(),
                ..Default::default()
            },
            utc("2026-11-26T10:00:00Z"),
        )
        .unwrap();
    assert_eq!(settings.lines["custom"], vec![line]);
}

#[test]
fn instants_in_words() {
    let now = utc("2026-11-26T09:00:00Z"); // Thursday, 10:00 Berlin
    assert_eq!(describe(utc("2026-11-26T18:00:00Z"), now, Berlin), "today at 19:00");
    assert_eq!(describe(utc("2026-11-27T07:00:00Z"), now, Berlin), "tomorrow at 08:00");
    assert_eq!(describe(utc("2026-11-30T18:00:00Z"), now, Berlin), "Monday at 19:00");
    assert_eq!(
        describe(utc("2026-12-03T18:00:00Z"), now, Berlin),
        "3 December at 19:00"
    );
}

#[test]
fn the_settings_file_keeps_times_as_wall_clock_and_the_zone_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let settings = ReminderSettings {
        zone: Some("America/New_York".into()),
        rules: vec![daily(1, &["19:00"], 30)],
        ..Default::default()
    };
    settings.save(dir.path()).unwrap();
    let text = std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).unwrap();
    assert!(text.contains("\"19:00:00\""), "{text}");
    assert!(text.contains("\"America/New_York\""), "{text}");
    // Times typed in the UI arrive as "HH:MM".
    let from_ui: ReminderRule = serde_json::from_str(
        r#"{"id":0,"kind":"check_in","schedule":{"type":"times","times":["07:30"],"days":["Mon","Sat"]},"catch_up_minutes":15,"enabled":true}"#,
    )
    .unwrap();
    assert_eq!(
        from_ui.schedule,
        Schedule::Times {
            times: vec![hm("07:30")],
            days: vec![Weekday::Mon, Weekday::Sat]
        }
    );
}

#[test]
fn a_reminder_found_moments_late_is_on_time_even_without_catch_up() {
    let rules = [daily(1, &["19:00"], 0)];
    let state = delivered(&[(1, "2026-11-26T09:00:00Z")]);
    // The scheduler wakes a millisecond after 19:00 Berlin (18:00 UTC).
    assert_eq!(
        next_due(utc("2026-11-26T18:00:00.001Z"), Berlin, &rules, &state, None),
        due("2026-11-26T18:00:00.001Z", &[1])
    );
    // Woken two minutes late (from sleep), with no catch-up, it lets this one go.
    assert_eq!(
        next_due(utc("2026-11-26T18:02:00Z"), Berlin, &rules, &state, None),
        due("2026-11-27T18:00:00Z", &[1])
    );
}
