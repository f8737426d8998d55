use chrono::{DateTime, FixedOffset, Utc};
use tend_core::{Error, ErrorKind, NewCheckIn, Presence, Store};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn new(note: &str) -> NewCheckIn {
    NewCheckIn::note(note)
}

fn notes(store: &Store) -> Vec<String> {
    store
        .timeline(None, 500)
        .unwrap()
        .check_ins
        .into_iter()
        .map(|c| c.note)
        .collect()
}

#[test]
fn saves_and_lists_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    store
        .save_check_in(&new("first"), at("2026-11-25T09:00:00+01:00"))
        .unwrap();
    store
        .save_check_in(&new("second"), at("2026-11-25T21:00:00+01:00"))
        .unwrap();
    assert_eq!(notes(&store), ["second", "first"]);
}

#[test]
fn a_saved_check_in_survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let saved = {
        let mut store = Store::open(dir.path()).unwrap();
        store
            .save_check_in(&new("kept"), at("2026-11-25T21:00:00+01:00"))
            .unwrap()
    };
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.timeline(None, 10).unwrap().check_ins, vec![saved]);
}

#[test]
fn keeps_the_day_as_lived_at_the_writers_offset() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // 00:30 on the 25th in Kiribati is 10:30 on the 24th in UTC.
    let saved = store
        .save_check_in(&new("late"), at("2026-11-25T00:30:00+14:00"))
        .unwrap();
    assert_eq!(saved.local_date, "2026-11-25");
    assert_eq!(saved.created_at, "2026-11-25T00:30:00.000+14:00");
    let listed = &store.timeline(None, 1).unwrap().check_ins[0];
    assert_eq!(listed.local_date, "2026-11-25");
    assert_eq!(listed.created_at, "2026-11-25T00:30:00.000+14:00");
}

#[test]
fn every_script_round_trips_byte_exact() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let texts = [
        "Family 👨‍👩‍👧 walk 🌧️ then tea 🫖",
        "نحن بخير، وتحدثنا طويلاً",
        "שמחתי שהקשבתי",
        "今天我们一起做饭，聊了很久。",
        "一緒に散歩した。",
        "  leading and trailing space, tabs\tand\nnew lines  ",
        "e\u{301} composed vs \u{e9} precomposed",
    ];
    for text in texts {
        store
            .save_check_in(&new(text), at("2026-11-25T21:00:00+01:00"))
            .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let mut listed = notes(&store);
    listed.reverse();
    assert_eq!(
        listed.iter().map(String::as_bytes).collect::<Vec<_>>(),
        texts.iter().map(|t| t.as_bytes()).collect::<Vec<_>>()
    );
}

#[test]
fn refuses_empty_and_too_long_notes_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-25T21:00:00+01:00");
    assert!(matches!(store.save_check_in(&new(""), now), Err(Error::EmptyCheckIn)));
    assert!(matches!(
        store.save_check_in(&new(" \n\t "), now),
        Err(Error::EmptyCheckIn)
    ));
    let too_long = "a".repeat(20_001);
    assert!(matches!(
        store.save_check_in(&new(&too_long), now),
        Err(Error::NoteTooLong { limit: 20_000 })
    ));
    assert!(notes(&store).is_empty());

    // The limit counts characters, not bytes: 20,000 four-byte emoji fit.
    let emoji = "🌱".repeat(20_000);
    assert_eq!(store.save_check_in(&new(&emoji), now).unwrap().note, emoji);
}

fn full() -> NewCheckIn {
    NewCheckIn {
        together_minutes: Some(45),
        activities: vec!["Walk by the river".into(), "Cooking".into()],
        presence: Some("fully".into()),
        partner_shared: Some(true),
        partner_asked: "To hear about my day without my phone out.".into(),
        unsaid: "Something about last spring I still want to tell her.".into(),
        feelings: vec!["calm".into(), "hopeful".into(), "a bit raw".into()],
        partner_seemed: "Lighter than last week.".into(),
        note: "We laughed at the same joke twice.".into(),
    }
}

#[test]
fn a_full_check_in_keeps_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let saved = store.save_check_in(&full(), at("2026-11-25T21:00:00+01:00")).unwrap();
    assert_eq!(saved.together_minutes, Some(45));
    assert_eq!(saved.activities, ["Walk by the river", "Cooking"]);
    assert_eq!(saved.presence, Some(Presence::Fully));
    assert_eq!(saved.partner_shared, Some(true));
    assert_eq!(saved.partner_asked, "To hear about my day without my phone out.");
    assert_eq!(saved.unsaid, "Something about last spring I still want to tell her.");
    assert_eq!(saved.feelings, ["calm", "hopeful", "a bit raw"]);
    assert_eq!(saved.partner_seemed, "Lighter than last week.");
    assert_eq!(saved.note, "We laughed at the same joke twice.");
    assert_eq!(saved.updated_at, None);
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.check_in(saved.id).unwrap(), saved);
}

#[test]
fn any_single_answer_is_a_check_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-25T21:00:00+01:00");
    let answers = [
        NewCheckIn {
            together_minutes: Some(0),
            ..Default::default()
        },
        NewCheckIn {
            presence: Some("partly".into()),
            ..Default::default()
        },
        NewCheckIn {
            partner_shared: Some(false),
            ..Default::default()
        },
        NewCheckIn {
            feelings: vec!["tender".into()],
            ..Default::default()
        },
        NewCheckIn {
            activities: vec!["Tea".into()],
            ..Default::default()
        },
    ];
    for answer in &answers {
        store.save_check_in(answer, now).unwrap();
    }
    let saved = store.timeline(None, 10).unwrap().check_ins;
    assert_eq!(saved.len(), answers.len(), "several check-ins a day are kept");
    assert!(saved.iter().all(|c| c.note.is_empty()));
}

#[test]
fn labels_are_trimmed_and_kept_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let new = NewCheckIn {
        feelings: vec![" Calm ".into(), "calm".into(), "".into(), "grateful".into()],
        ..Default::default()
    };
    let saved = store.save_check_in(&new, at("2026-11-25T21:00:00+01:00")).unwrap();
    assert_eq!(saved.feelings, ["Calm", "grateful"]);
}

#[test]
fn refuses_out_of_range_answers_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-25T21:00:00+01:00");
    type Expect = fn(&Error) -> bool;
    let cases: Vec<(NewCheckIn, Expect)> = vec![
        (
            NewCheckIn {
                together_minutes: Some(1_441),
                ..full()
            },
            |e| matches!(e, Error::MinutesOutOfRange { limit: 1_440 }),
        ),
        (
            NewCheckIn {
                together_minutes: Some(-1),
                ..full()
            },
            |e| matches!(e, Error::MinutesOutOfRange { .. }),
        ),
        (
            NewCheckIn {
                presence: Some("very".into()),
                ..full()
            },
            |e| matches!(e, Error::UnknownPresence),
        ),
        (
            NewCheckIn {
                unsaid: "x".repeat(20_001),
                ..full()
            },
            |e| matches!(e, Error::NoteTooLong { limit: 20_000 }),
        ),
        (
            NewCheckIn {
                feelings: vec!["w".repeat(61)],
                ..full()
            },
            |e| matches!(e, Error::LabelTooLong { limit: 60 }),
        ),
        (
            NewCheckIn {
                activities: (0..25).map(|i| format!("a{i}")).collect(),
                ..full()
            },
            |e| matches!(e, Error::TooManyLabels { limit: 24 }),
        ),
    ];
    for (new, expected) in cases {
        let error = store.save_check_in(&new, now).unwrap_err();
        assert!(expected(&error), "{error:?}");
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
    }
    assert!(notes(&store).is_empty());
    // The edges are fine.
    store
        .save_check_in(
            &NewCheckIn {
                together_minutes: Some(1_440),
                ..full()
            },
            now,
        )
        .unwrap();
}

#[test]
fn an_edit_replaces_the_answers_and_keeps_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let saved = store.save_check_in(&full(), at("2026-11-25T23:50:00+01:00")).unwrap();
    let edit_time = at("2026-11-27T08:00:00+09:00").with_timezone(&Utc);
    let edit = NewCheckIn {
        together_minutes: None,
        activities: vec!["Cooking".into()],
        feelings: vec!["steady".into()],
        note: "Rewritten the next morning.".into(),
        ..NewCheckIn::default()
    };
    let edited = store.update_check_in(saved.id, &edit, edit_time).unwrap();
    assert_eq!(edited.id, saved.id);
    assert_eq!(edited.created_at, saved.created_at);
    assert_eq!(edited.local_date, "2026-11-25");
    assert_eq!(edited.updated_at.as_deref(), Some("2026-11-26T23:00:00.000Z"));
    assert_eq!(edited.together_minutes, None);
    assert_eq!(edited.presence, None);
    assert_eq!(edited.unsaid, "");
    assert_eq!(edited.activities, ["Cooking"]);
    assert_eq!(edited.feelings, ["steady"]);
    assert_eq!(store.timeline(None, 10).unwrap().check_ins, vec![edited]);

    // A bad edit changes nothing.
    let bad = NewCheckIn {
        together_minutes: Some(5_000),
        ..full()
    };
    assert!(store.update_check_in(saved.id, &bad, edit_time).is_err());
    assert_eq!(store.check_in(saved.id).unwrap().note, "Rewritten the next morning.");
    assert!(matches!(
        store.update_check_in(9_999, &full(), edit_time),
        Err(Error::CheckInNotFound)
    ));
}

#[test]
fn a_delete_can_be_undone_until_the_purge() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let keep = store
        .save_check_in(&new("keep"), at("2026-11-25T09:00:00+01:00"))
        .unwrap();
    let gone = store.save_check_in(&full(), at("2026-11-25T21:00:00+01:00")).unwrap();
    let deleted_at = at("2026-11-25T21:05:00+01:00").with_timezone(&Utc);

    store.delete_check_in(gone.id, deleted_at).unwrap();
    assert_eq!(notes(&store), ["keep"]);
    assert!(store.calendar_month(2026, 11).unwrap()[0].check_ins == 1);
    assert!(matches!(store.check_in(gone.id), Err(Error::CheckInNotFound)));

    assert_eq!(store.restore_check_in(gone.id).unwrap(), gone);
    assert_eq!(
        store.timeline(None, 10).unwrap().check_ins,
        vec![gone.clone(), keep.clone()]
    );

    store.delete_check_in(gone.id, deleted_at).unwrap();
    // A purge of deletes from before this one leaves it undoable.
    assert_eq!(
        store
            .purge_deleted(Some(deleted_at - chrono::Duration::seconds(1)))
            .unwrap(),
        0
    );
    assert_eq!(store.purge_deleted(Some(deleted_at)).unwrap(), 1);
    let undo = store.restore_check_in(gone.id).unwrap_err();
    assert!(matches!(undo, Error::CheckInNotFound));
    assert_eq!(undo.kind(), ErrorKind::NotFound);
    let labels: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM check_in_label WHERE check_in_id = ?1",
            [gone.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(labels, 0, "activities and feelings go with it");
    assert_eq!(store.timeline(None, 10).unwrap().check_ins, vec![keep]);
}

#[test]
fn deletes_left_from_last_time_are_purged_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let mut store = Store::open(dir.path()).unwrap();
        let saved = store
            .save_check_in(&new("left behind"), at("2026-11-25T21:00:00+01:00"))
            .unwrap();
        store.delete_check_in(saved.id, Utc::now()).unwrap();
        saved.id
    };
    let mut store = Store::open(dir.path()).unwrap();
    assert!(matches!(store.restore_check_in(id), Err(Error::CheckInNotFound)));
    let rows: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM check_in", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
}

/// The words of a purged check-in are in none of the database's files.
#[test]
fn purged_words_leave_the_database_and_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let secret = "PLUM-ORCHARD-7781 said at the lake";
    let now = at("2026-11-25T21:00:00+01:00");
    for i in 0..30 {
        store.save_check_in(&new(&format!("an ordinary day {i}")), now).unwrap();
    }
    let long_secret = format!("{secret} {}", "and more words ".repeat(600)); // spills to overflow pages
    let a = store.save_check_in(&new(secret), now).unwrap();
    let b = store
        .save_check_in(
            &NewCheckIn {
                unsaid: long_secret,
                partner_asked: secret.into(),
                ..full()
            },
            now,
        )
        .unwrap();
    // An auto-checkpoint has copied it into the main file too.
    store
        .connection()
        .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        .unwrap();
    let files = || {
        ["tend.db", "tend.db-wal", "tend.db-shm"]
            .iter()
            .filter_map(|f| std::fs::read(dir.path().join(f)).ok().map(|bytes| (*f, bytes)))
            .collect::<Vec<_>>()
    };
    let holds = |bytes: &[u8]| bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
    assert!(
        files().iter().any(|(_, bytes)| holds(bytes)),
        "the test can see the words before"
    );

    let deleted_at = Utc::now();
    store.delete_check_in(a.id, deleted_at).unwrap();
    store.delete_check_in(b.id, deleted_at).unwrap();
    assert_eq!(store.purge_deleted(Some(deleted_at)).unwrap(), 2);
    for (file, bytes) in files() {
        assert!(!holds(&bytes), "{file} still holds the deleted words");
    }
    assert_eq!(notes(&store).len(), 30);
}

#[test]
fn a_check_in_keeps_its_day_when_read_in_another_zone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // Written at 23:30 in New York on the 25th: already the 26th in UTC and in Tokyo.
    let saved = store
        .save_check_in(&new("late in New York"), at("2026-11-25T23:30:00-05:00"))
        .unwrap();
    assert_eq!(saved.local_date, "2026-11-25");
    // The reader has since moved to Tokyo; the store does not depend on the reader's zone, and
    // the day view and calendar still find it on the 25th.
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    assert_eq!(store.check_ins_on(day(25)).unwrap(), vec![saved.clone()]);
    assert!(store.check_ins_on(day(26)).unwrap().is_empty());
    assert_eq!(store.calendar_month(2026, 11).unwrap()[0].date, "2026-11-25");
    assert_eq!(saved.created_at, "2026-11-25T23:30:00.000-05:00");
    // Edited later from Tokyo: still the 25th.
    let edited = store
        .update_check_in(
            saved.id,
            &new("edited in Tokyo"),
            at("2026-11-28T10:00:00+09:00").with_timezone(&Utc),
        )
        .unwrap();
    assert_eq!(edited.local_date, "2026-11-25");
}

/// Sizes are checked on what arrives, before trimming or keeping words once: a list longer
/// than the limit is refused however many of its words repeat, since the UI never sends more
/// (issue 11). Each case is refused with the usual gentle error and nothing is saved.
#[test]
fn sizes_are_checked_before_words_are_trimmed_or_kept_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-25T21:00:00+01:00");
    let saved = store.save_check_in(&full(), now).unwrap();
    type Expect = fn(&Error) -> bool;
    let cases: Vec<(&str, NewCheckIn, Expect)> = vec![
        (
            "10,000 identical feelings",
            NewCheckIn {
                feelings: vec!["calm".into(); 10_000],
                ..Default::default()
            },
            |e| matches!(e, Error::TooManyLabels { limit: 24 }),
        ),
        (
            "10,000 identical activities",
            NewCheckIn {
                activities: vec!["Walk".into(); 10_000],
                ..Default::default()
            },
            |e| matches!(e, Error::TooManyLabels { limit: 24 }),
        ),
        (
            "25 feelings that differ only in case",
            NewCheckIn {
                feelings: (0..25)
                    .map(|i| if i % 2 == 0 { "Calm" } else { "calm" }.into())
                    .collect(),
                ..Default::default()
            },
            |e| matches!(e, Error::TooManyLabels { limit: 24 }),
        ),
        (
            "25 empty activities",
            NewCheckIn {
                activities: vec![String::new(); 25],
                note: "a note".into(),
                ..Default::default()
            },
            |e| matches!(e, Error::TooManyLabels { limit: 24 }),
        ),
        (
            "a feeling padded with 10,000 spaces",
            NewCheckIn {
                feelings: vec![format!("calm{}", " ".repeat(10_000))],
                ..Default::default()
            },
            |e| matches!(e, Error::LabelTooLong { limit: 60 }),
        ),
        (
            "a note of 20,001 spaces beside a feeling",
            NewCheckIn {
                feelings: vec!["calm".into()],
                note: " ".repeat(20_001),
                ..Default::default()
            },
            |e| matches!(e, Error::NoteTooLong { limit: 20_000 }),
        ),
    ];
    let mut unexpected = Vec::new();
    for (name, new, expected) in &cases {
        // What would have been kept: (activities, feelings).
        let kept = |c: tend_core::CheckIn| (c.activities, c.feelings);
        for (call, outcome) in [
            ("save", store.save_check_in(new, now).map(kept)),
            ("update", store.update_check_in(saved.id, new, Utc::now()).map(kept)),
        ] {
            match outcome {
                Err(e) if expected(&e) && e.kind() == ErrorKind::InvalidInput => {}
                other => unexpected.push(format!("{call}, {name}: {other:?}")),
            }
        }
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    assert_eq!(
        store.timeline(None, 10).unwrap().check_ins,
        vec![saved],
        "nothing changed"
    );
}

/// A million different words are refused as quickly as 25 (before, keeping each word once
/// compared every word with every other, under the store's lock).
#[test]
fn a_million_distinct_labels_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let now = at("2026-11-25T21:00:00+01:00");
    let saved = store.save_check_in(&full(), now).unwrap();
    let million: Vec<String> = (0..1_000_000).map(|i| format!("word {i}")).collect();
    for new in [
        NewCheckIn {
            feelings: million.clone(),
            ..Default::default()
        },
        NewCheckIn {
            activities: million,
            ..Default::default()
        },
    ] {
        assert!(matches!(
            store.save_check_in(&new, now),
            Err(Error::TooManyLabels { limit: 24 })
        ));
        assert!(matches!(
            store.update_check_in(saved.id, &new, Utc::now()),
            Err(Error::TooManyLabels { limit: 24 })
        ));
    }
    assert_eq!(store.timeline(None, 10).unwrap().check_ins, vec![saved]);
}
