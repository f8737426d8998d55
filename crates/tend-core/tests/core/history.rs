use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use tend_core::{NewCheckIn, Store};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

#[test]
fn the_timeline_pages_through_everything_once_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let start = at("2026-01-01T08:00:00+01:00");
    let mut written = Vec::new();
    for i in 0..57 {
        // Pairs share an instant, so paging must break ties by id.
        let when = start + Duration::hours(i / 2 * 7);
        written.push(
            store
                .save_check_in(&NewCheckIn::note(format!("n{i}")), when)
                .unwrap()
                .id,
        );
    }
    let mut seen = Vec::new();
    let mut cursor = None;
    let mut pages = 0;
    loop {
        let page = store.timeline(cursor.as_ref(), 20).unwrap();
        pages += 1;
        assert!(page.check_ins.len() <= 20);
        seen.extend(page.check_ins.iter().map(|c| c.id));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    written.reverse();
    assert_eq!(seen, written, "newest first, each exactly once");
}

#[test]
fn a_deleted_check_in_leaves_no_gap_in_paging() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let start = at("2026-03-01T08:00:00+01:00");
    let ids: Vec<i64> = (0..5)
        .map(|i| {
            store
                .save_check_in(&NewCheckIn::note(format!("n{i}")), start + Duration::hours(i))
                .unwrap()
                .id
        })
        .collect();
    let first = store.timeline(None, 2).unwrap();
    store.delete_check_in(ids[2], chrono::Utc::now()).unwrap();
    let second = store.timeline(first.next.as_ref(), 2).unwrap();
    assert_eq!(
        second.check_ins.iter().map(|c| c.id).collect::<Vec<_>>(),
        [ids[1], ids[0]]
    );
    assert_eq!(second.next, None);
}

#[test]
fn a_month_lists_only_the_days_with_check_ins() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    for when in [
        "2026-10-31T23:59:00+02:00",
        "2026-11-01T00:00:00+02:00",
        "2026-11-01T21:00:00+02:00",
        "2026-11-18T12:00:00+02:00",
        "2026-11-30T23:59:00+02:00",
        "2026-12-01T00:01:00+02:00",
    ] {
        store.save_check_in(&NewCheckIn::note("x"), at(when)).unwrap();
    }
    let november: Vec<_> = store
        .calendar_month(2026, 11)
        .unwrap()
        .into_iter()
        .map(|d| (d.date, d.check_ins))
        .collect();
    assert_eq!(
        november,
        [
            ("2026-11-01".to_owned(), 2),
            ("2026-11-18".to_owned(), 1),
            ("2026-11-30".to_owned(), 1)
        ]
    );
    assert!(store.calendar_month(2026, 7).unwrap().is_empty());
    assert!(store.calendar_month(2026, 13).is_err());
    let day = store
        .check_ins_on(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap())
        .unwrap();
    assert_eq!(day.len(), 2);
    assert!(day[0].created_at > day[1].created_at, "newest first");
}

#[test]
fn earlier_words_are_offered_most_used_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-25T21:00:00+01:00");
    for (activities, feelings) in [
        (vec!["Walk"], vec!["calm"]),
        (vec!["walk", "Cooking"], vec!["Calm", "hopeful"]),
        (vec!["Board games"], vec!["calm"]),
    ] {
        let new = NewCheckIn {
            activities: activities.into_iter().map(String::from).collect(),
            feelings: feelings.into_iter().map(String::from).collect(),
            ..Default::default()
        };
        store.save_check_in(&new, now).unwrap();
    }
    let known = store
        .known_labels(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap())
        .unwrap();
    assert_eq!(known.activities.len(), 3, "{:?}", known.activities);
    let a_year_on = store
        .known_labels(NaiveDate::from_ymd_opt(2027, 12, 1).unwrap())
        .unwrap();
    assert!(a_year_on.activities.is_empty(), "choices come from the past year");
    assert_eq!(known.activities[0].to_lowercase(), "walk");
    assert_eq!(known.feelings.len(), 2);
    assert_eq!(known.feelings[0].to_lowercase(), "calm");
}

/// A cursor is bounded: Tend's own hold 24 characters (issue 11).
#[test]
fn an_oversized_timeline_cursor_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let cursor = tend_core::store::TimelineCursor {
        created_at: "2".repeat(10_000),
        id: 1,
    };
    let outcome = store.timeline(Some(&cursor), 10).map(|page| page.check_ins.len());
    assert!(
        matches!(&outcome, Err(e @ tend_core::Error::CursorTooLong { limit: 64 }) if e.kind() == tend_core::ErrorKind::InvalidInput),
        "{outcome:?}"
    );
}
