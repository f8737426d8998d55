//! `next_due` against instants written by hand (not captured from the function).

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use chrono_tz::America::New_York;
use chrono_tz::Europe::Berlin;
use tend_core::ErrorKind;
use tend_core::reminders::{
    Due, EVERY_DAY, Pause, PauseChoice, QuietHours, ReminderKind, ReminderRule, ReminderSettings, ReminderState,
    SETTINGS_FILE, Schedule, SnoozeChoice, next_due, next_occurrence,
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
    // Both fall in quiet hours and come together at 07:00 Berlin (06:00 UTC) — promised from
    // noon, from inside the quiet hours, and still at the very instant they end.
    for asked in [
        "2026-11-26T12:00:00Z",
        "2026-11-26T22:30:00Z",
        "2026-11-27T05:59:59Z",
        "2026-11-27T06:00:00Z",
    ] {
        assert_eq!(
            next_due(utc(asked), Berlin, &rules, &state, Some(quiet)),
            due("2026-11-27T06:00:00Z", &[1, 2]),
            "asked at {asked}"
        );
    }
    // Found a few minutes after the quiet hours end (the computer just woke), they still come.
    assert_eq!(
        next_due(utc("2026-11-27T06:10:00Z"), Berlin, &rules, &state, Some(quiet)),
        due("2026-11-27T06:10:00Z", &[1, 2])
    );

    let rules = [daily(1, &["19:00"], 30), daily(2, &["20:30"], 30)];
    let mut state = delivered(&[(1, "2026-11-26T12:00:00Z"), (2, "2026-11-26T12:00:00Z")]);
    state.pause = Some(Pause::Until {
        at: utc("2026-11-26T20:00:00Z"),
    });
    // 19:00 and 20:30 Berlin (18:00, 19:30 UTC) wait for the pause to end at 20:00 UTC, and
    // come then: asked at noon, during the pause, and at the instant it ends.
    for asked in [
        "2026-11-26T12:00:00Z",
        "2026-11-26T18:00:00Z",
        "2026-11-26T19:45:00Z",
        "2026-11-26T20:00:00Z",
    ] {
        assert_eq!(
            next_due(utc(asked), Berlin, &rules, &state, None),
            due("2026-11-26T20:00:00Z", &[1, 2]),
            "asked at {asked}"
        );
    }
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

#[test]
fn an_unreadable_settings_file_is_set_aside_not_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(SETTINGS_FILE);
    let now = utc("2026-12-01T09:30:00Z");
    for damaged in [
        &b"{\"rules\": [{\"id\": 1, \"kind\": \"presence\""[..],
        // Values no save would allow: a catch-up that would overflow a duration.
        br#"{"rules":[{"id":1,"kind":"presence","schedule":{"type":"times","times":["19:00:00"],"days":["Mon"]},"catch_up_minutes":9223372036854775807}]}"#,
        b"\xff\xfe not json at all",
    ] {
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        std::fs::write(&path, damaged).unwrap();
        let opened = ReminderSettings::open(dir.path(), now).unwrap();
        assert_eq!(opened.settings.rules, vec![]);
        assert!(opened.writable);
        let notice = opened.notice.expect("the screen says what happened");
        assert!(notice.contains("reminders-unreadable-2026-12-01T093000.json"), "{notice}");
        assert!(tend_core::tone::findings(&notice).is_empty(), "{notice}");
        assert!(!path.exists(), "the damaged file is moved, so a save can't write over it");
        let aside = std::fs::read(dir.path().join("reminders-unreadable-2026-12-01T093000.json")).unwrap();
        assert_eq!(aside, damaged, "kept byte for byte");
    }
}

#[test]
fn a_settings_file_from_a_newer_tend_is_followed_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(SETTINGS_FILE);
    let newer = br#"{"version": 7, "a_setting_from_the_future": true, "rules": [{"id": 3, "kind": "presence", "schedule": {"type": "times", "times": ["19:00:00"], "days": ["Mon","Tue","Wed","Thu","Fri","Sat","Sun"]}, "catch_up_minutes": 30}]}"#;
    std::fs::write(&path, newer).unwrap();
    let opened = ReminderSettings::open(dir.path(), utc("2026-12-01T09:00:00Z")).unwrap();
    assert!(!opened.writable);
    assert_eq!(opened.settings.rules.len(), 1, "its reminders still come");
    assert!(opened.notice.is_some());
    assert_eq!(std::fs::read(&path).unwrap(), newer);
    // One this build can't make sense of is left in place too, not set aside.
    let stranger = br#"{"version": 8, "rules": "in a shape from the future"}"#;
    std::fs::write(&path, stranger).unwrap();
    let opened = ReminderSettings::open(dir.path(), utc("2026-12-01T09:00:00Z")).unwrap();
    assert!(!opened.writable);
    assert_eq!(opened.settings.rules, vec![]);
    assert_eq!(std::fs::read(&path).unwrap(), stranger);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_settings_file_carries_its_version() {
    let dir = tempfile::tempdir().unwrap();
    ReminderSettings::default().save(dir.path()).unwrap();
    let text = std::fs::read_to_string(dir.path().join(SETTINGS_FILE)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["version"], tend_core::reminders::SETTINGS_VERSION);
    // A first-version file without one reads as this version's.
    std::fs::write(dir.path().join(SETTINGS_FILE), br#"{"rules": []}"#).unwrap();
    let opened = ReminderSettings::open(dir.path(), utc("2026-12-01T09:00:00Z")).unwrap();
    assert!(opened.writable);
    assert_eq!(opened.notice, None);
}

#[test]
fn instants_from_the_file_are_kept_in_bounds() {
    let now = utc("2026-12-01T09:00:00Z"); // Tuesday, 10:00 Berlin
    let mut settings = ReminderSettings {
        rules: vec![daily(1, &["19:00"], 30), daily(2, &["20:00"], 30)],
        ..Default::default()
    };
    // Decades back (a walk of years on every wake), and decades ahead (a silenced rule).
    settings.state.last.insert(1, utc("1971-01-01T00:00:00Z"));
    settings.state.last.insert(2, utc("2090-01-01T00:00:00Z"));
    settings.state.pause = Some(Pause::Until {
        at: utc("2090-01-01T00:00:00Z"),
    });
    settings.state.snoozed = Some((1, utc("2090-01-01T00:00:00Z")));
    settings.prepare(now);
    assert_eq!(settings.state.last[&1], now - tend_core::reminders::LAST_LOOK_BACK);
    assert_eq!(settings.state.last[&2], now);
    assert_eq!(
        settings.state.pause,
        Some(Pause::Until {
            at: now + tend_core::reminders::HOLD_LIMIT
        })
    );
    assert_eq!(
        settings.state.snoozed,
        Some((1, now + tend_core::reminders::HOLD_LIMIT))
    );
    settings.state.pause = None;
    settings.state.snoozed = None;
    assert_eq!(settings.due(now, Berlin), due("2026-12-01T18:00:00Z", &[1]));
    // A huge catch-up in a rule never reaches chrono's duration arithmetic unbounded.
    let rules = [daily(1, &["19:00"], i64::MAX)];
    let state = delivered(&[(1, "2026-11-30T09:00:00Z")]);
    assert_eq!(
        next_due(now, Berlin, &rules, &state, None),
        due("2026-12-01T09:00:00Z", &[1]),
        "yesterday's 19:00 is within the longest catch-up, a day"
    );
}

#[test]
fn a_held_reminder_comes_after_a_restart_that_cleared_nothing() {
    // Paused 18:30–20:00 Berlin (17:30–19:00 UTC) over a 19:00 reminder; Tend restarts at 20:05.
    let mut settings = ReminderSettings {
        rules: vec![daily(1, &["19:00"], 30)],
        ..Default::default()
    };
    settings.state.last.insert(1, utc("2026-11-26T12:00:00Z"));
    settings.state.pause = Some(Pause::Until {
        at: utc("2026-11-26T19:00:00Z"),
    });
    let restart = utc("2026-11-26T19:05:00Z");
    settings.prepare(restart);
    assert_eq!(settings.due(restart, Berlin), due("2026-11-26T19:05:00Z", &[1]));
}

fn local(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

#[test]
fn a_promises_reminder_comes_once_weeks_ahead_and_waits_for_quiet_hours() {
    let quiet = QuietHours {
        start: hm("22:00"),
        end: hm("07:00"),
    };
    let now = utc("2026-11-01T12:00:00Z");
    let mut settings = ReminderSettings {
        quiet: Some(quiet),
        lines: [("promise".to_owned(), vec!["Call your mother about Sunday".to_owned()])].into(),
        ..Default::default()
    };
    // Three weeks ahead, at 23:30 Berlin: inside quiet hours, so it waits for 07:00.
    settings
        .remind_of_promise(7, Some(local("2026-11-22 23:30")), now, Berlin)
        .unwrap();
    assert_eq!(settings.promise_reminders(), vec![(7, local("2026-11-22 23:30"))]);
    let [rule] = &settings.rules[..] else { panic!() };
    let (id, kind) = (rule.id, rule.kind);
    assert_eq!(kind, ReminderKind::Promise);
    assert_eq!(settings.due(now, Berlin), due("2026-11-23T06:00:00Z", &[id]));
    assert_eq!(
        settings.due(utc("2026-11-22T22:45:00Z"), Berlin),
        due("2026-11-23T06:00:00Z", &[id]),
        "asked inside the quiet hours"
    );
    // Its words say nothing of the promise, whatever lines were set for the kind.
    let (title, body) = settings.message(&[id]);
    assert_eq!(title, "Something you said you'd do");
    assert!(!body.contains("mother"), "{body}");
    // Delivered, it doesn't come again.
    let coming = settings.due(now, Berlin).unwrap();
    settings.delivered(&coming, coming.at);
    assert_eq!(settings.due(coming.at, Berlin), None);

    // A second reminder for the same promise takes the first's place; None takes it away.
    settings
        .remind_of_promise(7, Some(local("2026-11-24 18:00")), coming.at, Berlin)
        .unwrap();
    settings
        .remind_of_promise(8, Some(local("2026-11-25 18:00")), coming.at, Berlin)
        .unwrap();
    assert_eq!(
        settings.promise_reminders(),
        vec![(7, local("2026-11-24 18:00")), (8, local("2026-11-25 18:00"))]
    );
    // Snoozed, then the promise kept: the snooze goes with its reminder.
    let seventh = settings.rules.iter().find(|r| r.promise() == Some(7)).unwrap().id;
    settings.state.snoozed = Some((seventh, utc("2026-11-24T17:10:00Z")));
    settings.remind_of_promise(7, None, coming.at, Berlin).unwrap();
    assert_eq!(settings.promise_reminders(), vec![(8, local("2026-11-25 18:00"))]);
    assert_eq!(settings.state.snoozed, None);
}

#[test]
fn the_reminders_screen_neither_changes_nor_adds_a_promises_reminder() {
    let now = utc("2026-11-01T12:00:00Z");
    let mut settings = ReminderSettings::default();
    settings
        .remind_of_promise(3, Some(local("2026-11-05 18:00")), now, Berlin)
        .unwrap();
    let kept = settings.promise_reminders();
    // What the screen sends: its own rules, and a promise's reminder it has no business with.
    // A screen rule sent with the promise's reminder's id (a form from before it was set).
    let taken = settings.rules[0].id;
    let mut sent = ReminderSettings {
        rules: vec![daily(taken, &["19:00"], 30)],
        ..Default::default()
    };
    sent.rules.push(ReminderRule {
        id: 0,
        kind: ReminderKind::Promise,
        schedule: Schedule::Once {
            at: local("2026-11-02 09:00"),
            promise: 99,
        },
        catch_up_minutes: 0,
        enabled: true,
    });
    settings.apply(sent, now).unwrap();
    assert_eq!(settings.promise_reminders(), kept);
    assert_eq!(settings.rules.len(), 2);
    assert_eq!(settings.rules[0].id, taken, "the promise's reminder keeps its id");
    assert_ne!(settings.rules[1].id, taken, "the screen's rule is given another");
    // Nor a kind and schedule that don't belong together, read from a file.
    let mut odd = settings.clone();
    odd.rules[1].kind = ReminderKind::Promise;
    assert_eq!(odd.validate().unwrap_err().kind(), ErrorKind::InvalidInput);
}

/// The promise `next_due` makes, over generated rules, zones (on their DST days), quiet hours,
/// pauses and snoozes: asked again at any instant up to the promised `at`, it promises the
/// same; at `at` it delivers those rules; once delivered, they don't come again before their
/// next occurrence.
mod promises {
    use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike};
    use chrono_tz::Tz;
    use proptest::prelude::*;

    use super::*;

    /// Days that test the edges: DST changes in Berlin, New York, Lord Howe (half an hour),
    /// Santiago (at midnight), and an ordinary day.
    const DAYS: [(i32, u32, u32); 8] = [
        (2026, 3, 29),
        (2026, 10, 25),
        (2026, 3, 8),
        (2026, 11, 1),
        (2026, 4, 5),
        (2026, 10, 4),
        (2026, 9, 6),
        (2026, 11, 26),
    ];
    const ZONES: [Tz; 6] = [
        Berlin,
        New_York,
        chrono_tz::Australia::Lord_Howe,
        chrono_tz::America::Santiago,
        chrono_tz::Asia::Kolkata,
        chrono_tz::UTC,
    ];

    fn minute_of_day() -> impl Strategy<Value = NaiveTime> {
        (0u32..24 * 60).prop_map(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap())
    }

    fn days() -> impl Strategy<Value = Vec<Weekday>> {
        proptest::sample::subsequence(EVERY_DAY.to_vec(), 1..=7)
    }

    fn schedule() -> impl Strategy<Value = Schedule> {
        prop_oneof![
            (proptest::collection::vec(minute_of_day(), 1..=4), days())
                .prop_map(|(times, days)| Schedule::Times { times, days }),
            (minute_of_day(), minute_of_day(), days())
                .prop_filter("a window ends after it starts", |(a, b, _)| a != b)
                .prop_map(|(a, b, days)| Schedule::Window {
                    start: a.min(b),
                    end: a.max(b),
                    days
                }),
            // A promise's one reminder; its moment is set near the case's `now` below.
            Just(Schedule::Once {
                at: NaiveDateTime::MIN,
                promise: 0
            }),
        ]
    }

    fn catch_up() -> impl Strategy<Value = i64> {
        prop_oneof![Just(0i64), Just(5), Just(30), Just(180), Just(1_440), 0i64..=1_440]
    }

    #[derive(Debug, Clone)]
    struct Case {
        zone: Tz,
        now: DateTime<Utc>,
        rules: Vec<ReminderRule>,
        state: ReminderState,
        quiet: Option<QuietHours>,
        /// Where between now and the promise to ask again, as fractions of the way.
        probes: Vec<f64>,
    }

    /// Seconds from `now`, within `range` hours.
    fn offset(hours: std::ops::RangeInclusive<i64>) -> impl Strategy<Value = Duration> {
        ((hours.start() * 3600)..=(hours.end() * 3600)).prop_map(Duration::seconds)
    }

    fn case() -> impl Strategy<Value = Case> {
        (
            proptest::sample::select(ZONES.to_vec()),
            proptest::sample::select(DAYS.to_vec()),
            offset(-36..=36),
            proptest::collection::vec((schedule(), catch_up(), offset(-72..=24), offset(-48..=72)), 1..=3),
            proptest::option::of((minute_of_day(), minute_of_day())),
            prop_oneof![
                3 => Just(None),
                1 => Just(Some(None)),
                3 => offset(-48..=48).prop_map(|o| Some(Some(o))),
            ],
            proptest::option::of((0usize..3, offset(-24..=48))),
            proptest::collection::vec(0.0f64..1.0, 24),
        )
            .prop_map(|(zone, (y, m, d), from_day, rules, quiet, pause, snooze, probes)| {
                let day = NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(12, 0, 0).unwrap();
                let now = Utc.from_utc_datetime(&day) + from_day;
                let mut state = ReminderState::default();
                let rules: Vec<ReminderRule> = rules
                    .into_iter()
                    .enumerate()
                    .map(|(i, (schedule, catch_up_minutes, last, once))| {
                        let id = i as i64 + 1;
                        state.last.insert(id, now + last);
                        let (kind, schedule) = match schedule {
                            Schedule::Once { .. } => {
                                let at = (now + once).with_timezone(&zone).naive_local();
                                let at = at.with_second(0).unwrap().with_nanosecond(0).unwrap();
                                (ReminderKind::Promise, Schedule::Once { at, promise: id * 10 })
                            }
                            other => (ReminderKind::CheckIn, other),
                        };
                        ReminderRule {
                            id,
                            kind,
                            schedule,
                            catch_up_minutes,
                            enabled: true,
                        }
                    })
                    .collect();
                state.pause = pause.map(|p| match p {
                    None => Pause::UntilResumed,
                    Some(o) => Pause::Until { at: now + o },
                });
                state.snoozed = snooze.map(|(i, o)| (rules[i % rules.len()].id, now + o));
                Case {
                    zone,
                    now,
                    rules,
                    state,
                    quiet: quiet.map(|(start, end)| QuietHours { start, end }),
                    probes,
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn a_promise_holds_until_it_is_kept_and_is_kept_once(case in case()) {
            let Case { zone, now, rules, state, quiet, probes } = case;
            let Some(promise) = next_due(now, zone, &rules, &state, quiet) else {
                // Nothing comes only while paused until resumed, or when every rule is a
                // promise's one reminder whose moment has passed.
                let spent = state.snoozed.is_none() && rules.iter().all(|r| r.promise().is_some());
                prop_assert!(state.pause == Some(Pause::UntilResumed) || spent, "{rules:?}");
                return Ok(());
            };
            prop_assert!(promise.at >= now, "promised in the past: {promise:?}");
            let span = promise.at - now;
            let mut asked: Vec<DateTime<Utc>> = probes
                .iter()
                .map(|f| now + Duration::milliseconds((span.num_milliseconds() as f64 * f) as i64))
                .collect();
            asked.extend([now, promise.at - Duration::seconds(1), promise.at - Duration::milliseconds(1), promise.at]);
            for s in asked.into_iter().filter(|s| *s >= now && *s <= promise.at) {
                // At `at` itself this is delivery: the same rules, due at that instant.
                let again = next_due(s, zone, &rules, &state, quiet);
                prop_assert_eq!(
                    again.as_ref(),
                    Some(&promise),
                    "asked at {} (first asked at {})", s, now
                );
            }

            let mut settings = ReminderSettings {
                rules: rules.clone(),
                quiet,
                state: state.clone(),
                ..Default::default()
            };
            settings.delivered(&promise, promise.at);
            if let Some(after) = settings.due(promise.at, zone) {
                for id in after.rules.iter().filter(|id| promise.rules.contains(id)) {
                    let rule = rules.iter().find(|r| r.id == *id).unwrap();
                    let next = next_occurrence(rule, zone, promise.at).unwrap();
                    prop_assert!(
                        after.at >= next,
                        "rule {} came again at {} before its next occurrence {}", id, after.at, next
                    );
                }
            }
        }
    }
}
