//! Tend's export read back in: the round trip, importing twice, every way a file can be
//! malformed, the size limit, and the format's promise to carry every column.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Utc};
use tend_core::data::{self, Document, EXPORTED_COLUMNS, IMPORT_LIMIT};
use tend_core::journal::EntryDraft;
use tend_core::prompts::Practice;
use tend_core::{Error, NewCheckIn, Preferences, Store};

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn now() -> DateTime<Utc> {
    at("2026-12-01T09:00:00Z").to_utc()
}

/// A store with every kind of record, every answer of a check-in, words in several scripts,
/// an entry about a check-in, prompts of their own (one hidden), a hidden Tend prompt, a
/// deleted entry (still in its undo window), and preferences.
fn full_store(dir: &Path) -> Store {
    let mut store = Store::open(dir).unwrap();
    let first = store
        .save_check_in(
            &NewCheckIn {
                together_minutes: Some(95),
                activities: vec!["walk".into(), "散步".into()],
                presence: Some("fully".into()),
                partner_shared: Some(true),
                partner_asked: "To call when I'm late.".into(),
                unsaid: "شكرا لصبرك 🌿".into(),
                feelings: vec!["calm".into()],
                partner_seemed: "Lighter.".into(),
                note: "We cooked together.\nA slow evening.".into(),
            },
            at("2026-03-01T23:30:00-05:00"),
        )
        .unwrap();
    store
        .save_check_in(
            &NewCheckIn::note("一起散步，感觉很平静。"),
            at("2026-03-02T08:00:00+09:00"),
        )
        .unwrap();
    store
        .update_check_in(
            first.id,
            &NewCheckIn {
                note: "We cooked together.".into(),
                presence: Some("partly".into()),
                ..NewCheckIn::default()
            },
            at("2026-03-03T10:00:00Z").to_utc(),
        )
        .unwrap();
    store
        .save_entry(
            None,
            &EntryDraft {
                title: "After dinner".into(),
                body: "# Notes\n\nI listened more than I spoke. 🙂".into(),
                tags: vec!["listening".into(), "家".into()],
                check_in_id: Some(first.id),
            },
            at("2026-03-02T00:10:00-05:00"),
        )
        .unwrap();
    let gone = store
        .save_entry(
            None,
            &EntryDraft {
                body: "Deleted words.".into(),
                ..EntryDraft::default()
            },
            at("2026-03-04T12:00:00+01:00"),
        )
        .unwrap();
    store.delete_entry(gone.id, now()).unwrap();
    let groups = store.add_prompt(Practice::ALL[1], "What did I notice today?").unwrap();
    store.add_prompt(Practice::ALL[2], "Where was I fully there?").unwrap();
    let own = groups
        .iter()
        .flat_map(|g| &g.prompts)
        .find(|p| p.own)
        .unwrap()
        .key
        .clone();
    store.set_prompt_hidden(&own, true).unwrap();
    store.set_prompt_hidden("tend:presence:0", true).unwrap();
    store
        .set_preferences(&Preferences {
            on_this_day: true,
            auto_lock_minutes: 7,
            ..Preferences::default()
        })
        .unwrap();
    store
}

fn reminders() -> Option<serde_json::Value> {
    Some(serde_json::json!({"version": 1, "rules": [], "quiet_hours": null}))
}

fn rows(store: &Store) -> Vec<i64> {
    [
        "check_in",
        "check_in_label",
        "journal_entry",
        "journal_prompt",
        "journal_prompt_hidden",
        "preference",
    ]
    .iter()
    .map(|table| {
        store
            .connection()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

#[test]
fn export_then_import_into_an_empty_tend_then_export_gives_the_same_document() {
    let from = tempfile::tempdir().unwrap();
    let store = full_store(from.path());
    let doc = store.export_document(reminders(), now()).unwrap();
    assert_eq!(doc.check_ins.len(), 2);
    assert_eq!(doc.journal.len(), 1, "the deleted entry is not carried");
    // Oldest first: the check-in written in Tokyo came before the one written that evening in
    // New York.
    let [tokyo, evening] = &doc.check_ins[..] else { panic!() };
    assert_eq!(tokyo.local_date, "2026-03-02");
    assert_eq!(doc.journal[0].check_in.as_deref(), Some(evening.id.as_str()));
    assert_eq!(evening.utc_offset_minutes, -300);
    assert_eq!(evening.local_date, "2026-03-01", "the day as lived");
    assert_eq!(evening.created_at, "2026-03-02T04:30:00.000Z");
    assert_eq!(evening.updated_at.as_deref(), Some("2026-03-03T10:00:00.000Z"));
    assert_eq!(evening.presence.as_deref(), Some("partly"));
    assert!(
        doc.hidden_prompts
            .iter()
            .any(|k| k.starts_with("own:") && k.len() == 40)
    );
    let json = data::tend_json(&doc).unwrap();

    let into = tempfile::tempdir().unwrap();
    let mut empty = Store::open(into.path()).unwrap();
    let read = data::read_tend(&json).unwrap();
    assert_eq!(read, doc);
    let preview = empty.preview_import(&read).unwrap();
    assert_eq!(
        (
            preview.check_ins,
            preview.entries,
            preview.prompts,
            preview.already_here
        ),
        (2, 1, 2, 0)
    );
    assert_eq!(preview.first_day.as_deref(), Some("2026-03-01"));
    assert_eq!(preview.last_day.as_deref(), Some("2026-03-02"));
    assert!(preview.preferences);
    assert_eq!(rows(&empty), [0, 0, 0, 0, 0, 0], "a preview writes nothing");
    let imported = empty.import_document(&read).unwrap();
    assert_eq!((imported.check_ins, imported.entries, imported.prompts), (2, 1, 2));

    let again = empty.export_document(reminders(), now()).unwrap();
    assert_eq!(again, doc);
    assert_eq!(data::tend_json(&again).unwrap(), json, "byte for byte");
    // What came in is found and shown like what was written here.
    let hits = empty
        .search(&tend_core::search::SearchQuery {
            text: "散".into(),
            tag: None,
            from: None,
            to: None,
        })
        .unwrap();
    assert!(!hits.is_empty(), "a one-character search finds an imported word");
    let linked = empty.journal(None, 10).unwrap().entries[0].check_in_id.unwrap();
    assert_eq!(empty.check_in(linked).unwrap().note, "We cooked together.");
}

#[test]
fn importing_the_same_file_twice_adds_nothing_the_second_time() {
    let from = tempfile::tempdir().unwrap();
    let doc = full_store(from.path()).export_document(None, now()).unwrap();
    let into = tempfile::tempdir().unwrap();
    let mut store = Store::open(into.path()).unwrap();
    store
        .save_check_in(&NewCheckIn::note("Written here first."), at("2026-02-01T20:00:00Z"))
        .unwrap();
    store.import_document(&doc).unwrap();
    let after_once = rows(&store);
    let preview = store.preview_import(&doc).unwrap();
    assert_eq!((preview.check_ins, preview.entries, preview.prompts), (0, 0, 0));
    assert_eq!(preview.already_here, 5);
    assert!(
        !preview.preferences,
        "the preferences taken the first time are this Tend's now"
    );
    let second = store.import_document(&doc).unwrap();
    assert_eq!(
        (second.check_ins, second.entries, second.prompts, second.already_here),
        (0, 0, 0, 5)
    );
    assert_eq!(rows(&store), after_once);
    // Into the source itself: everything is already there.
    let mut source = Store::open(from.path()).unwrap();
    let before = rows(&source);
    assert_eq!(source.import_document(&doc).unwrap().already_here, 5);
    assert_eq!(rows(&source), before);
}

/// Each way a file can break, as (what is done to a good export, record, field).
#[test]
fn a_malformed_file_names_the_record_and_field_and_adds_nothing() {
    let from = tempfile::tempdir().unwrap();
    let doc = full_store(from.path()).export_document(None, now()).unwrap();
    let good: serde_json::Value = serde_json::from_slice(&data::tend_json(&doc).unwrap()).unwrap();
    type Break = fn(&mut serde_json::Value);
    let cases: [(Break, &str, &str); 12] = [
        (
            |v| v["check_ins"][1]["presence"] = "maybe".into(),
            "check-in 2",
            "presence",
        ),
        (
            |v| v["check_ins"][1]["together_minutes"] = 5000.into(),
            "check-in 2",
            "together_minutes",
        ),
        (
            |v| v["check_ins"][1]["together_minutes"] = "an hour".into(),
            "check-in 2",
            "together_minutes",
        ),
        (
            |v| v["check_ins"][0]["created_at"] = "yesterday".into(),
            "check-in 1",
            "created_at",
        ),
        (
            |v| v["check_ins"][0]["local_date"] = "1999-01-01".into(),
            "check-in 1",
            "local_date",
        ),
        (
            |v| v["check_ins"][1]["utc_offset_minutes"] = 2000.into(),
            "check-in 2",
            "created_at",
        ),
        (
            |v| v["check_ins"][1]["id"] = v["check_ins"][0]["id"].clone(),
            "check-in 2",
            "id",
        ),
        (
            |v| v["check_ins"][1]["note"] = "x".repeat(20_001).into(),
            "check-in 2",
            "note",
        ),
        (
            |v| {
                v["journal"][0].as_object_mut().unwrap().remove("body");
            },
            "journal entry 1",
            "body",
        ),
        (
            |v| v["journal"][0]["tags"] = (0..21).map(|n| format!("tag{n}")).collect::<Vec<_>>().into(),
            "journal entry 1",
            "tags",
        ),
        (
            |v| v["prompts"][1]["practice"] = "juggling".into(),
            "prompt 2",
            "practice",
        ),
        (
            |v| v["check_ins"][0]["mood"] = "unknown field".into(),
            "check-in 1",
            "a field Tend doesn't know",
        ),
    ];
    let into = tempfile::tempdir().unwrap();
    let mut store = Store::open(into.path()).unwrap();
    store
        .save_check_in(&NewCheckIn::note("Already here."), at("2026-02-01T20:00:00Z"))
        .unwrap();
    let before = rows(&store);
    for (n, (broken, record, field)) in cases.iter().enumerate() {
        let mut value = good.clone();
        broken(&mut value);
        let bytes = serde_json::to_vec(&value).unwrap();
        let result = data::read_tend(&bytes).and_then(|doc| {
            store.preview_import(&doc)?;
            store.import_document(&doc)
        });
        match result {
            Err(Error::ImportUnreadable { record: r, field: f }) => {
                assert_eq!((r.as_str(), f.as_str()), (*record, *field), "case {n}")
            }
            other => panic!("case {n}: {other:?}"),
        }
        assert_eq!(rows(&store), before, "case {n} added nothing");
    }
    for (bytes, what) in [
        (&b"not json at all"[..], "not JSON"),
        (b"[1, 2, 3]", "a list"),
        (b"{\"format\": \"tend-export\"}", "a document without its parts"),
        (b"", "an empty file"),
    ] {
        assert!(
            matches!(data::read_tend(bytes), Err(Error::ImportUnreadable { .. })),
            "{what}"
        );
    }
    let mut newer = doc.clone();
    newer.version = data::FORMAT_VERSION + 1;
    assert!(matches!(store.import_document(&newer), Err(Error::ImportNewerFormat { found }) if found == newer.version));
    let mut other = doc.clone();
    other.format = "someone-else".into();
    assert!(matches!(store.import_document(&other), Err(Error::ImportNotRecognised)));
    assert_eq!(rows(&store), before);
    // The error's words name the place, never the file's words.
    let message = Error::ImportUnreadable {
        record: "check-in 2".into(),
        field: "presence".into(),
    }
    .user_message();
    assert!(
        message.contains("check-in 2") && message.contains("nothing was added"),
        "{message}"
    );
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // Sparse: its size says 200 MB and a byte, without writing them.
    std::fs::File::create(&path).unwrap().set_len(IMPORT_LIMIT + 1).unwrap();
    let started = std::time::Instant::now();
    assert!(matches!(
        data::read_limited(&path),
        Err(Error::ImportTooLarge { limit_mb: 200 })
    ));
    assert!(started.elapsed().as_secs() < 5, "refused without reading it");
    std::fs::File::create(&path).unwrap().set_len(16).unwrap();
    assert_eq!(data::read_limited(&path).unwrap().len(), 16);
}

#[test]
fn an_import_that_fails_part_way_writes_nothing() {
    let from = tempfile::tempdir().unwrap();
    let mut doc = full_store(from.path()).export_document(None, now()).unwrap();
    let into = tempfile::tempdir().unwrap();
    let mut store = Store::open(into.path()).unwrap();
    let before = rows(&store);
    let schema = triggers(&store);
    // A hidden key longer than any a prompt has is refused before anything is written.
    doc.hidden_prompts.push("k".repeat(500));
    assert!(store.import_document(&doc).is_err());
    assert_eq!(rows(&store), before);
    doc.hidden_prompts.pop();
    // A trigger that refuses the last entry makes the database itself fail late.
    store
        .connection()
        .execute_batch(
            "CREATE TEMP TRIGGER refuse_last BEFORE INSERT ON main.journal_entry BEGIN
               SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    assert!(matches!(store.import_document(&doc), Err(Error::Database(_))));
    assert_eq!(rows(&store), before, "the check-ins written before it were rolled back");
    assert_eq!(triggers(&store), schema, "the triggers it paused are back");
    store
        .save_check_in(&NewCheckIn::note("Tea on the balcony."), at("2026-12-01T08:00:00Z"))
        .unwrap();
    assert_eq!(found(&store, "balcony"), 1);
}

/// Every column of every table is exported or listed in docs/FORMAT.md as left out on purpose;
/// every exported column is described there too.
#[test]
fn every_column_is_exported_or_listed_as_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let format = include_str!("../../../../docs/FORMAT.md");
    let left_out_section = format
        .split("## Left out")
        .nth(1)
        .expect("docs/FORMAT.md has a '## Left out' section");
    let left_out_section = left_out_section.split("\n## ").next().unwrap();
    let left_out: BTreeSet<(String, String)> = left_out_section
        .split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|code| code.split_once('.'))
        .map(|(t, c)| (t.to_owned(), c.to_owned()))
        .collect();
    let exported: BTreeSet<(String, String)> = EXPORTED_COLUMNS
        .iter()
        .map(|(t, c)| ((*t).to_owned(), (*c).to_owned()))
        .collect();
    let conn = store.connection();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut missing = Vec::new();
    for table in &tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for column in columns {
            let whole_table = left_out.iter().any(|(t, c)| {
                c == "*" && (t == table || t.strip_suffix('*').is_some_and(|prefix| table.starts_with(prefix)))
            });
            let key = (table.clone(), column.clone());
            if !whole_table && !exported.contains(&key) && !left_out.contains(&key) {
                missing.push(format!("{table}.{column}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "neither exported nor listed as left out in docs/FORMAT.md: {missing:?}"
    );
    let undocumented: Vec<String> = exported
        .iter()
        .map(|(t, c)| format!("`{t}.{c}`"))
        .filter(|code| !format.contains(code.as_str()))
        .collect();
    assert!(
        undocumented.is_empty(),
        "exported but not in docs/FORMAT.md: {undocumented:?}"
    );
}

#[test]
fn an_export_of_a_new_tend_is_an_empty_document_that_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let doc = store.export_document(None, now()).unwrap();
    assert_eq!(doc, Document::empty("2026-12-01T09:00:00.000Z".into()));
    assert_eq!(store.import_document(&doc).unwrap().already_here, 0);
}

/// Which program wrote a file is told from the file itself; an encrypted Tend export opens with
/// its passphrase and only with it.
#[test]
fn an_import_reads_tend_day_one_jrnl_and_an_encrypted_export() {
    let from = tempfile::tempdir().unwrap();
    let doc = full_store(from.path()).export_document(None, now()).unwrap();
    let json = data::tend_json(&doc).unwrap();
    let zone = chrono_tz::Tz::Europe__London;
    let (source, read) = data::read_import(&json, zone, None).unwrap();
    assert_eq!((source, &read), (data::ImportSource::Tend, &doc));

    let dir = tempfile::tempdir().unwrap();
    let sealed = dir.path().join("copy.json.age");
    let passphrase = secrecy::SecretString::from("the other laptop's words");
    data::write_age(&json, &passphrase, &sealed).unwrap();
    let bytes = std::fs::read(&sealed).unwrap();
    assert!(matches!(
        data::read_import(&bytes, zone, None),
        Err(Error::ImportNeedsPassphrase)
    ));
    let wrong = secrecy::SecretString::from("not those words at all");
    assert!(matches!(
        data::read_import(&bytes, zone, Some(&wrong)),
        Err(Error::ImportPassphraseNotAccepted)
    ));
    let (source, opened) = data::read_import(&bytes, zone, Some(&passphrase)).unwrap();
    assert_eq!((source, opened), (data::ImportSource::Tend, doc));

    // Day One: an entry of photos alone (no words) has nothing to bring; a heading too long
    // for a title stays in the body.
    let long = "h".repeat(250);
    let day_one = serde_json::json!({
        "metadata": {"version": "1.0"},
        "entries": [
            {"uuid": "0A1C2E3F4B5D6A7B8C9D0E1F2A3B4C5D", "creationDate": "2024-01-02T03:04:05Z", "text": ""},
            {"uuid": "1A1C2E3F4B5D6A7B8C9D0E1F2A3B4C5D", "creationDate": "2024-01-03T03:04:05Z",
             "text": format!("# {long}\n\nwords")},
        ]
    });
    let (source, read) = data::read_import(&serde_json::to_vec(&day_one).unwrap(), zone, None).unwrap();
    assert_eq!(source, data::ImportSource::DayOne);
    assert_eq!(read.journal.len(), 1);
    assert_eq!(read.journal[0].title, "");
    assert!(read.journal[0].body.starts_with(&format!("# {long}")));
    let into = tempfile::tempdir().unwrap();
    assert_eq!(
        Store::open(into.path())
            .unwrap()
            .import_document(&read)
            .unwrap()
            .entries,
        1
    );

    // jrnl: the same words at the same minute twice are one entry, not a refused file.
    let twice = serde_json::json!({"tags": {}, "entries": [
        {"title": "Tea", "body": "In the garden.", "date": "2024-05-01", "time": "08:00", "tags": [], "starred": false},
        {"title": "Tea", "body": "In the garden.", "date": "2024-05-01", "time": "08:00", "tags": [], "starred": false},
    ]});
    let (source, read) = data::read_import(&serde_json::to_vec(&twice).unwrap(), zone, None).unwrap();
    assert_eq!((source, read.journal.len()), (data::ImportSource::Jrnl, 1));
    assert_eq!(read.journal[0].utc_offset_minutes, 60, "taken in London's summer time");

    let odd = serde_json::json!({"shopping": ["bread"]});
    assert!(matches!(
        data::read_import(&serde_json::to_vec(&odd).unwrap(), zone, None),
        Err(Error::ImportNotRecognised)
    ));
}

/// The triggers of the schema, as SQLite keeps them.
fn triggers(store: &Store) -> Vec<(String, String)> {
    let conn = store.connection();
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
        .unwrap();
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// What the trigram index holds, by row: rowid and words.
fn indexed(store: &Store) -> Vec<(i64, String, String, String)> {
    let conn = store.connection();
    let mut stmt = conn
        .prepare("SELECT rowid, title, body, tags FROM search_index ORDER BY rowid")
        .unwrap();
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn found(store: &Store, text: &str) -> usize {
    store
        .search(&tend_core::search::SearchQuery {
            text: text.into(),
            ..Default::default()
        })
        .unwrap()
        .len()
}

#[test]
fn an_import_indexes_its_rows_as_saving_them_does_and_leaves_the_triggers_as_they_were() {
    let from = tempfile::tempdir().unwrap();
    let mut source = full_store(from.path());
    source.purge_deleted(None).unwrap();
    let doc = source.export_document(None, now()).unwrap();

    // The same records imported into a new Tend are indexed as saving them indexed them here.
    let into = tempfile::tempdir().unwrap();
    let mut store = Store::open(into.path()).unwrap();
    let schema = triggers(&store);
    store.import_document(&doc).unwrap();
    assert_eq!(triggers(&store), schema, "every trigger is back, word for word");
    let words = |rows: Vec<(i64, String, String, String)>| -> BTreeSet<_> {
        rows.into_iter().map(|(rowid, t, b, g)| (rowid % 2, t, b, g)).collect()
    };
    assert_eq!(words(indexed(&store)), words(indexed(&source)));
    assert_eq!(indexed(&store).len(), 3, "two check-ins and an entry, each once");
    for index in ["search_index", "search_gram"] {
        store
            .connection()
            .execute_batch(&format!(
                "INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)"
            ))
            .unwrap();
    }
    for text in ["散", "散步", "cooked", "平静", "一起散步"] {
        assert_eq!(found(&store, text), found(&source, text), "{text}");
        assert!(found(&store, text) > 0, "{text}");
    }

    // Into a Tend with words of its own: its rows stay indexed once, the new ones are added,
    // and what is written after the import is indexed by the triggers again.
    let mut own = Store::open(tempfile::tempdir().unwrap().path()).unwrap();
    own.save_check_in(&NewCheckIn::note("A walk by the river."), at("2026-01-05T18:00:00Z"))
        .unwrap();
    own.import_document(&doc).unwrap();
    assert_eq!(indexed(&own).len(), 4);
    assert_eq!(found(&own, "river"), 1);
    assert_eq!(found(&own, "cooked"), found(&source, "cooked"));
    own.save_check_in(&NewCheckIn::note("Tea on the balcony, 茶."), at("2026-12-01T08:00:00Z"))
        .unwrap();
    assert_eq!((found(&own, "balcony"), found(&own, "茶")), (1, 1));
}
