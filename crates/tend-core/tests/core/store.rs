use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use chrono::DateTime;
use rusqlite::Connection;
use tend_core::store::{BACKUP_DIR, DB_FILE, MIGRATIONS, PURGED_TABLES, PurgedTable, latest_version};
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
    assert_eq!(number("temp_store"), 2, "temporary tables and indexes stay in memory");
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
fn a_file_that_is_not_a_database_waits_for_recovery_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"this is not sqlite at all, just some bytes to fill a page..........................................................................................";
    fs::write(dir.path().join(DB_FILE), bytes).unwrap();
    assert_eq!(Store::open(dir.path()).unwrap_err().kind(), ErrorKind::NeedsRecovery);
    assert_eq!(fs::read(dir.path().join(DB_FILE)).unwrap(), bytes);
    assert!(!dir.path().join("tend.db-wal").exists());
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
        privacy_offered: false,
        auto_lock_minutes: 5,
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
        privacy_offered: false,
        auto_lock_minutes: 5,
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
            privacy_offered: false,
            auto_lock_minutes: 5,
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
                on_this_day: false,
                privacy_offered: false,
                auto_lock_minutes: 5,
            })
            .unwrap()
            .questions,
        Question::ALL.to_vec(),
        "every question once is fine"
    );
}

/// What holding [`PURGED_TABLES`] against a schema finds wrong, derived from `sqlite_schema`
/// alone. The rule:
/// - the purged tables are exactly the tables with a `deleted_at` column;
/// - each lists in `reaches` exactly the tables its purge reaches: those with a foreign key to
///   a row that goes (ON DELETE CASCADE takes their rows too, and so whatever refers to those;
///   SET NULL takes only the link) and those an AFTER DELETE trigger on a table whose rows go
///   writes to;
/// - no foreign key to a row that goes does anything but CASCADE or SET NULL (anything else
///   refuses the purge or leaves a link to nothing);
/// - where a trigger copies words elsewhere as they are written or edited, a delete trigger on
///   the same table takes them out of there again.
fn purge_findings(conn: &Connection, purged: &[PurgedTable]) -> Vec<String> {
    let rows = |sql: &str| -> Vec<[String; 3]> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?]))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let soft_deleted: BTreeSet<String> = rows(
        "SELECT lower(m.name), '', '' FROM sqlite_schema m, pragma_table_xinfo(m.name) c
         WHERE m.type = 'table' AND c.name = 'deleted_at'",
    )
    .into_iter()
    .map(|[name, ..]| name)
    .collect();
    let keys = rows(
        "SELECT lower(m.name), lower(f.\"table\"), upper(f.on_delete) FROM sqlite_schema m,
         pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
    );
    let triggers: Vec<Trigger> =
        rows("SELECT lower(name), lower(tbl_name), sql FROM sqlite_schema WHERE type = 'trigger'")
            .iter()
            .map(|[name, on, sql]| Trigger::parse(name, on, sql))
            .collect();

    let mut findings = Vec::new();
    let listed: BTreeSet<String> = purged.iter().map(|p| p.name.to_lowercase()).collect();
    for table in soft_deleted.difference(&listed) {
        findings.push(format!(
            "{table} has deleted_at but isn't in PURGED_TABLES: its deleted rows would never be purged"
        ));
    }
    for table in listed.difference(&soft_deleted) {
        findings.push(format!("{table} is in PURGED_TABLES but has no deleted_at column"));
    }
    for table in purged {
        let mut reached = BTreeSet::new();
        let mut going = vec![table.name.to_lowercase()];
        let mut gone: BTreeSet<String> = going.iter().cloned().collect();
        while let Some(parent) = going.pop() {
            for [child, _, on_delete] in keys.iter().filter(|[_, to, _]| *to == parent) {
                reached.insert(child.clone());
                match on_delete.as_str() {
                    "CASCADE" if gone.insert(child.clone()) => going.push(child.clone()),
                    "CASCADE" | "SET NULL" => {}
                    other => findings.push(format!(
                        "{child} refers to {parent} with ON DELETE {other}: purging a {} row would be refused \
                         or leave a link to nothing",
                        table.name
                    )),
                }
            }
            for trigger in triggers.iter().filter(|t| t.on == parent) {
                if trigger.on_delete {
                    for written in &trigger.writes {
                        reached.insert(written.clone());
                        if gone.insert(written.clone()) {
                            going.push(written.clone());
                        }
                    }
                } else {
                    let taken_out = |w: &String| {
                        triggers
                            .iter()
                            .any(|t| t.on == parent && t.on_delete && t.writes.contains(w))
                    };
                    // A trigger that writes the row's own table (its stable id, say) copies
                    // nothing elsewhere: the purge takes the row itself.
                    for written in trigger.writes.iter().filter(|w| **w != parent && !taken_out(w)) {
                        findings.push(format!(
                            "{} copies {parent}'s words into {written}, and no delete trigger on {parent} takes \
                             them out: a purge would leave them there",
                            trigger.name
                        ));
                    }
                }
            }
        }
        let listed: BTreeSet<String> = table.reaches.iter().map(|t| t.to_lowercase()).collect();
        for missing in reached.difference(&listed) {
            findings.push(format!(
                "a purge of {} reaches {missing}, which its `reaches` in PURGED_TABLES doesn't list",
                table.name
            ));
        }
        for stale in listed.difference(&reached) {
            findings.push(format!(
                "PURGED_TABLES says a purge of {} reaches {stale}, but nothing in the schema makes it",
                table.name
            ));
        }
    }
    findings
}

/// A trigger as far as the purge cares: which table it is on, whether a delete fires it, and
/// which tables its body writes.
struct Trigger {
    name: String,
    on: String,
    on_delete: bool,
    writes: BTreeSet<String>,
}

impl Trigger {
    fn parse(name: &str, on: &str, sql: &str) -> Trigger {
        let lower = sql.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        let named = words.iter().position(|w| *w == name).unwrap_or(0);
        let begin = words.iter().position(|w| *w == "begin").unwrap_or(words.len());
        let on_delete = words[named..begin]
            .iter()
            .take_while(|w| **w != "on")
            .any(|w| *w == "delete");
        let body = &words[begin..];
        let mut writes = BTreeSet::new();
        for (i, word) in body.iter().enumerate() {
            let target = match *word {
                "into" => body.get(i + 1),
                "delete" if body.get(i + 1) == Some(&"from") => body.get(i + 2),
                "update" if body.get(i + 1) == Some(&"or") => body.get(i + 3),
                // Not `DO UPDATE SET`, an upsert's second half.
                "update" if body.get(i + 1) != Some(&"set") => body.get(i + 1),
                _ => None,
            };
            writes.extend(target.map(|t| t.to_string()));
        }
        Trigger {
            name: name.to_owned(),
            on: on.to_owned(),
            on_delete,
            writes,
        }
    }
}

/// The purge visits every table a deleted check-in's or entry's words can stay in, and its list
/// says so: a migration that adds such a table without listing it fails here.
#[test]
fn the_purge_list_matches_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let findings = purge_findings(store.connection(), PURGED_TABLES);
    assert!(findings.is_empty(), "{findings:#?}");
}

/// The check above catches the tables a future migration could add without a thought for the
/// purge.
#[test]
fn the_purge_list_check_finds_what_a_migration_could_add() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .connection()
        .execute_batch(
            "CREATE TABLE letter (id INTEGER PRIMARY KEY, body TEXT NOT NULL, deleted_at TEXT);
             CREATE TABLE check_in_photo (
               id INTEGER PRIMARY KEY,
               check_in_id INTEGER NOT NULL REFERENCES check_in (id) ON DELETE CASCADE
             );
             CREATE TABLE photo_caption (photo_id INTEGER REFERENCES check_in_photo (id) ON DELETE CASCADE, text TEXT);
             CREATE TABLE entry_reading (entry_id INTEGER REFERENCES journal_entry (id), read_at TEXT);
             CREATE TABLE check_in_earlier (note TEXT);
             CREATE TRIGGER check_in_kept AFTER UPDATE OF note ON check_in BEGIN
               INSERT INTO check_in_earlier (note) VALUES (old.note);
             END;",
        )
        .unwrap();
    let findings = purge_findings(store.connection(), PURGED_TABLES);
    for table in [
        "letter",
        "check_in_photo",
        "photo_caption",
        "entry_reading",
        "check_in_earlier",
    ] {
        assert!(
            findings.iter().any(|f| f.contains(table)),
            "nothing said about {table}: {findings:#?}"
        );
    }
}

/// Every record a person can carry elsewhere has a stable id: rows an older Tend wrote get one
/// when the store is migrated (the same in every copy migrated from before), new rows get one as
/// they are written, and no two are alike.
#[test]
fn every_record_gets_a_stable_id_when_migrated_and_when_written() {
    let ids_of = |dir: &Path| -> Vec<String> {
        Store::open(dir)
            .unwrap()
            .connection()
            .prepare("SELECT uuid FROM check_in ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let twin = tempfile::tempdir().unwrap();
    database_from_sql(twin.path(), include_str!("../fixtures/v1.sql"));
    let dir = tempfile::tempdir().unwrap();
    database_from_sql(dir.path(), include_str!("../fixtures/v1.sql"));
    assert_eq!(
        ids_of(dir.path()),
        ids_of(twin.path()),
        "one row, one id, in every copy"
    );
    let mut store = Store::open(dir.path()).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-03-01T20:15:00+01:00").unwrap();
    store
        .save_check_in(
            &tend_core::NewCheckIn {
                note: "A walk after dinner.".into(),
                ..Default::default()
            },
            now,
        )
        .unwrap();
    store
        .save_entry(
            None,
            &tend_core::journal::EntryDraft {
                body: "Words for later.".into(),
                ..Default::default()
            },
            now,
        )
        .unwrap();
    store
        .add_prompt(tend_core::prompts::Practice::ALL[0], "What did I notice?")
        .unwrap();
    let mut seen = BTreeSet::new();
    for (table, rows) in [("check_in", 5), ("journal_entry", 1), ("journal_prompt", 1)] {
        let ids: Vec<String> = store
            .connection()
            .prepare(&format!("SELECT uuid FROM {table} ORDER BY id"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(ids.len(), rows, "{table}");
        for id in ids {
            let parsed = uuid::Uuid::parse_str(&id).unwrap();
            // Rows from before are named by what they are (version 5), new ones at random.
            let migrated = table == "check_in" && seen.len() < 4;
            assert_eq!(parsed.get_version_num(), if migrated { 5 } else { 4 }, "{table} {id}");
            assert_eq!(parsed.to_string(), id, "written as the standard lower-case form");
            assert!(seen.insert(id), "{table}: an id given twice");
        }
    }
}
