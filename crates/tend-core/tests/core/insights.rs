use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use tend_core::insights::{DayFacts, PatternFactor, PatternOutcome, find_pattern};
use tend_core::{NewCheckIn, Store};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn day(together: bool, feelings: &[&str]) -> DayFacts {
    DayFacts {
        together,
        fully_present: false,
        feelings: feelings.iter().map(|f| f.to_string()).collect(),
    }
}

fn days(list: Vec<DayFacts>) -> BTreeMap<String, DayFacts> {
    list.into_iter()
        .enumerate()
        .map(|(i, d)| (format!("2026-01-{:02}", i + 1), d))
        .collect()
}

#[test]
fn a_pattern_needs_three_days_with_and_three_without() {
    let two_with = days(vec![
        day(true, &["calm"]),
        day(true, &["calm"]),
        day(false, &[]),
        day(false, &[]),
        day(false, &[]),
    ]);
    assert_eq!(
        find_pattern(&two_with, PatternFactor::TimeTogether),
        PatternOutcome::NotEnoughYet
    );
    let two_without = days(vec![
        day(true, &["calm"]),
        day(true, &["calm"]),
        day(true, &["calm"]),
        day(false, &[]),
        day(false, &[]),
    ]);
    assert_eq!(
        find_pattern(&two_without, PatternFactor::TimeTogether),
        PatternOutcome::NotEnoughYet
    );
}

#[test]
fn the_feeling_that_goes_with_the_factor_most_clearly_is_named() {
    let enough = days(vec![
        day(true, &["calm", "tired"]),
        day(true, &["calm"]),
        day(true, &["hopeful", "tired"]),
        day(false, &["tired"]),
        day(false, &["anxious"]),
        day(false, &["calm"]),
    ]);
    assert_eq!(
        find_pattern(&enough, PatternFactor::TimeTogether),
        PatternOutcome::MoreOften { feeling: "calm".into() }
    );
}

#[test]
fn nothing_stands_out_when_feelings_are_alike_either_way() {
    let alike = days(vec![
        day(true, &["calm"]),
        day(true, &["calm"]),
        day(true, &[]),
        day(false, &["calm"]),
        day(false, &["calm"]),
        day(false, &[]),
    ]);
    assert_eq!(
        find_pattern(&alike, PatternFactor::TimeTogether),
        PatternOutcome::NothingStandsOut
    );
}

fn together(minutes: i64, feelings: &[&str]) -> NewCheckIn {
    NewCheckIn {
        together_minutes: Some(minutes),
        feelings: feelings.iter().map(|f| f.to_string()).collect(),
        ..Default::default()
    }
}

#[test]
fn insights_sum_time_together_and_name_what_returns() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // Thursday 2026-11-26; the week began on Monday the 23rd.
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    store
        .save_check_in(&together(30, &["calm"]), at("2026-11-23T20:00:00+01:00"))
        .unwrap();
    store
        .save_check_in(&together(45, &["calm", "hopeful"]), at("2026-11-26T08:00:00+01:00"))
        .unwrap();
    store
        .save_check_in(&together(60, &["tired"]), at("2026-11-22T20:00:00+01:00"))
        .unwrap(); // last week
    store
        .save_check_in(&together(90, &["calm"]), at("2026-10-30T20:00:00+01:00"))
        .unwrap(); // last month
    let gone = store
        .save_check_in(&together(500, &["calm"]), at("2026-11-24T20:00:00+01:00"))
        .unwrap();
    store.delete_check_in(gone.id, chrono::Utc::now()).unwrap();

    let insights = store.insights(today, false).unwrap();
    assert_eq!(insights.together_this_week, 75);
    assert_eq!(insights.together_this_month, 135);
    assert_eq!(insights.feelings[0].label, "calm");
    assert_eq!(insights.feelings[0].uses, 3, "the deleted check-in is not counted");
    assert_eq!(insights.on_this_day, None, "off unless chosen");
    assert!(
        insights
            .patterns
            .iter()
            .all(|p| p.outcome == PatternOutcome::NotEnoughYet),
        "{:?}",
        insights.patterns
    );
}

#[test]
fn on_this_day_brings_back_the_same_day_of_earlier_months_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    for when in [
        "2026-10-26T20:00:00+01:00",
        "2026-03-26T09:00:00+01:00",
        "2026-10-25T20:00:00+01:00",
        "2026-11-26T07:00:00+01:00",
        "2025-11-26T07:00:00+01:00",
    ] {
        store.save_check_in(&NewCheckIn::note(when), at(when)).unwrap();
    }
    let back = store.insights(today, true).unwrap().on_this_day.unwrap();
    let dates: Vec<_> = back.iter().map(|c| c.local_date.as_str()).collect();
    assert_eq!(dates, ["2026-10-26", "2026-03-26", "2025-11-26"]);
}

#[test]
fn patterns_come_from_days_with_check_ins() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    for (date, minutes, feeling) in [
        ("2026-11-02", 40, "calm"),
        ("2026-11-05", 20, "calm"),
        ("2026-11-09", 60, "calm"),
        ("2026-11-12", 0, "tense"),
        ("2026-11-15", 0, "tense"),
        ("2026-11-20", 0, "calm"),
    ] {
        store
            .save_check_in(&together(minutes, &[feeling]), at(&format!("{date}T20:00:00+01:00")))
            .unwrap();
    }
    let insights = store.insights(today, false).unwrap();
    let time = insights
        .patterns
        .iter()
        .find(|p| p.factor == PatternFactor::TimeTogether)
        .unwrap();
    assert_eq!(time.outcome, PatternOutcome::MoreOften { feeling: "calm".into() });
    let presence = insights
        .patterns
        .iter()
        .find(|p| p.factor == PatternFactor::FullyPresent)
        .unwrap();
    assert_eq!(presence.outcome, PatternOutcome::NotEnoughYet);
}
