use std::fs;
use std::path::Path;

use chrono::DateTime;
use rusqlite::Connection;
use tend_core::store::{BACKUP_DIR, DB_FILE, MIGRATIONS, latest_version};
use tend_core::{Error, ErrorKind, NewCheckIn, Preferences, Question, Store};

use crate::database_from_sql;

#[test]
fn migrations_are_valid() {
    MIGRATIONS.validate().unwrap();
}

#[test]
fn every_connection_gets_durable_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let conn = store.connection();
    let text = |name: &str| {
        conn.pragma_query_value(None, name, |row| row.get::<_, String>(0))
            .unwrap()
    };
    let number = |name: &str| conn.pragma_query_value(None, name, |row| row.get::<_, i64>(0)).unwrap();
    assert_eq!(text("journal_mode"), "wal");
    assert_eq!(number("synchronous"), 2, "synchronous=FULL");
    assert_eq!(number("foreign_keys"), 1);
    assert_eq!(number("busy_timeout"), 5000);
    assert_eq!(number("secure_delete"), 1);
}

#[cfg(unix)]
#[test]
fn the_directory_and_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("nested/data");
    let mut store = Store::open(&dir).unwrap();
    store
        .save_check_in(
            &NewCheckIn::note("private"),
            DateTime::parse_from_rfc3339("2026-11-25T21:00:00+01:00").unwrap(),
        )
        .unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for file in [DB_FILE, "tend.db-wal", "tend.db-shm"] {
        assert_eq!(mode(&dir.join(file)), 0o600, "{file}");
    }
}

#[test]
fn migrates_a_fixture_database_and_keeps_every_row() {
    let dir = tempfile::tempdir().unwrap();
    database_from_sql(dir.path(), include_str!("../fixtures/v1.sql"));
    let store = Store::open(dir.path()).unwrap();
    let notes: Vec<_> = store
        .timeline(None, 10)
        .unwrap()
        .check_ins
        .into_iter()
        .map(|c| (c.local_date, c.note))
        .collect();
    assert_eq!(
        notes,
        [
            (
                "2026-01-04".to_owned(),
                "A late talk, still the 4th where we were.".to_owned()
            ),
            ("2026-01-04".to_owned(), "一起散步，感觉很平静。".to_owned()),
            ("2026-01-03".to_owned(), "شعرت بالهدوء اليوم 🌿".to_owned()),
            (
                "2026-01-02".to_owned(),
                "We cooked dinner together and talked.".to_owned()
            ),
        ]
    );
    let late = &store.timeline(None, 1).unwrap().check_ins[0];
    assert_eq!(late.created_at, "2026-01-04T21:30:00.000-05:00");
    // The migrated days are where the calendar and the day view look for them.
    let days: Vec<_> = store
        .calendar_month(2026, 1)
        .unwrap()
        .into_iter()
        .map(|d| (d.date, d.check_ins))
        .collect();
    assert_eq!(
        days,
        [
            ("2026-01-02".to_owned(), 1),
            ("2026-01-03".to_owned(), 1),
            ("2026-01-04".to_owned(), 2)
        ]
    );
    assert_eq!(
        store
            .check_ins_on(chrono::NaiveDate::from_ymd_opt(2026, 1, 4).unwrap())
            .unwrap()
            .len(),
        2
    );
    let version: i64 = store
        .connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, latest_version() as i64);
}

#[test]
fn copies_an_existing_database_before_migrating_it() {
    let dir = tempfile::tempdir().unwrap();
    // Version 0 with content: data written before any migration this build knows.
    database_from_sql(
        dir.path(),
        "CREATE TABLE early_note (text TEXT); INSERT INTO early_note VALUES ('from before');",
    );
    Store::open(dir.path()).unwrap();

    let backups: Vec<_> = fs::read_dir(dir.path().join(BACKUP_DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let copy = Connection::open(&backups[0]).unwrap();
    let text: String = copy.query_row("SELECT text FROM early_note", [], |r| r.get(0)).unwrap();
    assert_eq!(text, "from before");
    let version: i64 = copy.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 0, "the copy is of the database before the migration");
    let has_check_ins: i64 = copy
        .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'check_in'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(has_check_ins, 0);
}

#[test]
fn a_new_database_needs_no_copy() {
    let dir = tempfile::tempdir().unwrap();
    Store::open(dir.path()).unwrap();
    assert!(!dir.path().join(BACKUP_DIR).exists());
}

#[test]
fn refuses_a_newer_database_without_touching_it() {
    let dir = tempfile::tempdir().unwrap();
    let newer = latest_version() + 1;
    database_from_sql(
        dir.path(),
        &format!("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('keep'); PRAGMA user_version = {newer};"),
    );
    let path = dir.path().join(DB_FILE);
    let before = fs::read(&path).unwrap();

    let error = Store::open(dir.path()).unwrap_err();
    assert!(matches!(error, Error::NewerDatabase { found, known } if found == newer && known == latest_version()));
    assert_eq!(error.kind(), ErrorKind::NewerDatabase);
    assert!(
        error.user_message().contains("hasn't changed anything"),
        "{}",
        error.user_message()
    );

    assert_eq!(fs::read(&path).unwrap(), before, "the file is byte-for-byte as it was");
    assert!(!dir.path().join(BACKUP_DIR).exists());
    assert!(!dir.path().join("tend.db-wal").exists());
}

#[test]
fn a_file_that_is_not_a_database_is_a_storage_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(DB_FILE), b"this is not sqlite at all, just some bytes to fill a page..........................................................................................").unwrap();
    assert_eq!(Store::open(dir.path()).unwrap_err().kind(), ErrorKind::Storage);
}

#[test]
fn preferences_default_to_every_question_and_no_looking_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let defaults = store.preferences().unwrap();
    assert_eq!(defaults.questions, Question::ALL.to_vec());
    assert!(
        !defaults.on_this_day,
        "On this day can bring back painful entries; off until chosen"
    );

    let chosen = Preferences {
        questions: vec![Question::Feelings, Question::Note],
        on_this_day: true,
    };
    assert_eq!(store.set_preferences(&chosen).unwrap(), chosen);
    drop(store);
    assert_eq!(Store::open(dir.path()).unwrap().preferences().unwrap(), chosen);
}

/// The list of questions is bounded: each question once at most (issue 11). A longer list is
/// refused gently and the saved preferences stay as they were.
#[test]
fn an_oversized_question_list_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let chosen = Preferences {
        questions: vec![Question::Feelings, Question::Note],
        on_this_day: true,
    };
    store.set_preferences(&chosen).unwrap();
    let mut unexpected = Vec::new();
    for (name, questions) in [
        ("10,000 questions", vec![Question::Presence; 10_000]),
        (
            "every question and one again",
            [&Question::ALL[..], &[Question::Note]].concat(),
        ),
    ] {
        let outcome = store.set_preferences(&Preferences {
            questions,
            on_this_day: false,
        });
        match outcome {
            Err(e @ Error::TooManyQuestions { limit: 7 })
                if e.kind() == ErrorKind::InvalidInput && tend_core::tone::findings(&e.user_message()).is_empty() => {}
            other => unexpected.push(format!("{name}: {:?}", other.map(|p| p.questions.len()))),
        }
    }
    assert!(unexpected.is_empty(), "{unexpected:#?}");
    assert_eq!(store.preferences().unwrap(), chosen, "nothing changed");
    assert_eq!(
        store
            .set_preferences(&Preferences {
                questions: Question::ALL.to_vec(),
                on_this_day: false
            })
            .unwrap()
            .questions,
        Question::ALL.to_vec(),
        "every question once is fine"
    );
}
