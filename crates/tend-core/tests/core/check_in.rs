use chrono::{DateTime, FixedOffset};
use tend_core::{Error, NewCheckIn, Store};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn new(note: &str) -> NewCheckIn {
    NewCheckIn { note: note.to_owned() }
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
    let notes: Vec<_> = store
        .recent_check_ins(10)
        .unwrap()
        .into_iter()
        .map(|c| c.note)
        .collect();
    assert_eq!(notes, ["second", "first"]);
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
    assert_eq!(store.recent_check_ins(10).unwrap(), vec![saved]);
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
    let listed = &store.recent_check_ins(1).unwrap()[0];
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
    let mut listed: Vec<_> = store
        .recent_check_ins(100)
        .unwrap()
        .into_iter()
        .map(|c| c.note)
        .collect();
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
    assert!(store.recent_check_ins(10).unwrap().is_empty());

    // The limit counts characters, not bytes: 20,000 four-byte emoji fit.
    let emoji = "🌱".repeat(20_000);
    assert_eq!(store.save_check_in(&new(&emoji), now).unwrap().note, emoji);
}
