//! The passphrase at rest: encrypting and decrypting a database that holds words, the key file
//! beside it, the copies in `backups/`, and a crash (a real SIGKILL of a child process) or a
//! failure at every step of both conversions.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use chrono::{FixedOffset, TimeZone};
use rusqlite::Connection;
use tend_core::journal::EntryDraft;
use tend_core::prompts::Practice;
use tend_core::store::convert::{self, CONVERTING};
use tend_core::store::{BACKUP_DIR, DB_FILE};
use tend_core::vault::{KEY_FILE, KeyFile, Passphrase, RecoveryKey};
use tend_core::{Error, NewCheckIn, Store};

use crate::database_from_sql;

const MARKER: &str = "quietmarker7";
const PASSPHRASE: &str = "a quiet walk home";

fn now() -> chrono::DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 1, 20, 15, 0)
        .unwrap()
}

/// A store from an older schema (so a pre-migration copy sits in `backups/`), with the marker
/// in a check-in, a journal entry, a draft and a prompt of the person's own.
fn store_with_words(dir: &Path) -> Store {
    database_from_sql(dir, include_str!("../fixtures/v1.sql"));
    let mut store = Store::open(dir).unwrap();
    let words = format!("{MARKER} words");
    store
        .save_check_in(
            &NewCheckIn {
                together_minutes: Some(30),
                activities: vec![words.clone()],
                presence: None,
                partner_shared: Some(true),
                partner_asked: words.clone(),
                unsaid: words.clone(),
                feelings: vec![words.clone()],
                partner_seemed: words.clone(),
                note: words.clone(),
            },
            now(),
        )
        .unwrap();
    let draft = EntryDraft {
        title: words.clone(),
        body: words.clone(),
        tags: vec![MARKER.to_owned()],
        check_in_id: None,
    };
    store.save_entry(None, &draft, now()).unwrap();
    store.add_prompt(Practice::Listen, &words).unwrap();
    store
}

/// Every table's rows, as text, so two databases can be compared whole.
pub(crate) fn contents(conn: &Connection) -> BTreeMap<String, Vec<String>> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables
        .into_iter()
        .map(|table| {
            let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let width = statement.column_count();
            let mut rows: Vec<String> = statement
                .query_map([], |row| {
                    Ok((0..width)
                        .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            (table, rows)
        })
        .collect()
}

/// Files under `dir` whose bytes hold `needle`.
fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walk(dir) {
        let bytes = fs::read(&entry).unwrap();
        if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            found.push(entry.display().to_string());
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn backups(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = fs::read_dir(dir.join(BACKUP_DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
}

fn plain(path: &Path) -> bool {
    convert::is_plain(path).unwrap() == Some(true)
}

fn hash(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap()
}

#[test]
fn encrypting_keeps_every_row_and_leaves_no_word_in_the_clear() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_words(dir.path());
    let before = contents(store.connection());
    assert!(
        !files_holding(dir.path(), MARKER).is_empty(),
        "the marker is findable in the clear first"
    );
    assert_eq!(backups(dir.path()).len(), 1);

    let recovery = store.encrypt(&Passphrase::from(PASSPHRASE)).unwrap();
    assert!(store.is_encrypted());
    assert_eq!(contents(store.connection()), before, "the open store reads every row");
    drop(store);

    assert_eq!(files_holding(dir.path(), MARKER), Vec::<String>::new());
    assert!(!plain(&dir.path().join(DB_FILE)));
    assert!(backups(dir.path()).iter().all(|b| !plain(b)), "the copy is sealed too");
    assert!(!dir.path().join(CONVERTING).exists());
    // Any SQLite tool without the key sees no database.
    let outside = Connection::open(dir.path().join(DB_FILE)).unwrap();
    assert!(
        outside
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))
            .is_err()
    );
    drop(outside);

    let store = convert::unlock(dir.path(), &Passphrase::from(PASSPHRASE)).unwrap();
    assert_eq!(contents(store.connection()), before);
    drop(store);
    let typed = recovery.grouped().to_string();
    let store = convert::unlock_with_recovery(dir.path(), &RecoveryKey::parse(&typed).unwrap()).unwrap();
    assert_eq!(contents(store.connection()), before);
    // The sealed copy opens under the same key and holds the database from before the migration.
    let copy = &backups(dir.path())[0];
    let key = KeyFile::read(dir.path())
        .unwrap()
        .unwrap()
        .unlock(&Passphrase::from(PASSPHRASE))
        .unwrap();
    let conn = Connection::open(copy).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"{}\";", *key.pragma_value()))
        .unwrap();
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 1);
}

#[test]
fn a_passphrase_not_set_changes_nothing_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_words(dir.path());
    store.encrypt(&Passphrase::from(PASSPHRASE)).unwrap();
    drop(store);
    let db = hash(&dir.path().join(DB_FILE));
    let key = hash(&dir.path().join(KEY_FILE));
    for attempt in ["a quiet walk", "A quiet walk home", "a quiet walk home "] {
        assert!(matches!(
            convert::unlock(dir.path(), &Passphrase::from(attempt)),
            Err(Error::PassphraseNotAccepted)
        ));
    }
    assert_eq!(hash(&dir.path().join(DB_FILE)), db);
    assert_eq!(hash(&dir.path().join(KEY_FILE)), key);
}

#[test]
fn decrypting_brings_back_a_plain_database_with_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_words(dir.path());
    let before = contents(store.connection());
    store.encrypt(&Passphrase::from(PASSPHRASE)).unwrap();
    store.decrypt().unwrap();
    assert!(!store.is_encrypted());
    assert_eq!(contents(store.connection()), before);
    drop(store);
    assert!(!dir.path().join(KEY_FILE).exists());
    assert!(plain(&dir.path().join(DB_FILE)));
    assert!(
        backups(dir.path()).iter().all(|b| plain(b)),
        "the copy is readable without a key again"
    );
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(contents(store.connection()), before);
}

#[test]
fn changing_the_passphrase_rewrites_only_the_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_words(dir.path());
    let recovery = store.encrypt(&Passphrase::from(PASSPHRASE)).unwrap();
    drop(store);
    let store = convert::unlock(dir.path(), &Passphrase::from(PASSPHRASE)).unwrap();
    let db = hash(&dir.path().join(DB_FILE));
    store
        .change_passphrase(&Passphrase::from("the long way round"))
        .unwrap();
    drop(store);
    assert_eq!(hash(&dir.path().join(DB_FILE)), db);
    assert!(matches!(
        convert::unlock(dir.path(), &Passphrase::from(PASSPHRASE)),
        Err(Error::PassphraseNotAccepted)
    ));
    drop(convert::unlock(dir.path(), &Passphrase::from("the long way round")).unwrap());
    let typed = recovery.grouped().to_string();
    drop(convert::unlock_with_recovery(dir.path(), &RecoveryKey::parse(&typed).unwrap()).unwrap());
    let leftovers: Vec<_> = walk(dir.path())
        .into_iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(".tend.key"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn encrypting_twice_or_decrypting_a_plain_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with_words(dir.path());
    assert!(matches!(store.decrypt(), Err(Error::NotEncrypted)));
    store.encrypt(&Passphrase::from(PASSPHRASE)).unwrap();
    assert!(matches!(
        store.encrypt(&Passphrase::from(PASSPHRASE)),
        Err(Error::AlreadyEncrypted)
    ));
}

/// The steps each conversion passes, in order, where a test can stop it.
const ENCRYPT_STEPS: &[&str] = &[
    "convert.exported",
    "convert.verified",
    "encrypt.key-written",
    "convert.closed",
    "convert.swapped",
    "convert.reopen",
    "convert.backup",
];
const DECRYPT_STEPS: &[&str] = &[
    "convert.backup",
    "convert.exported",
    "convert.verified",
    "convert.closed",
    "convert.swapped",
    "convert.reopen",
    "decrypt.key-removed",
];

/// Run in a child process by the tests below (set `TEND_CHILD_DIR`): opens the store there and
/// turns encryption on, or off when it is on.
#[test]
fn conversion_child() {
    let Some(dir) = std::env::var_os("TEND_CHILD_DIR") else {
        return;
    };
    let dir = Path::new(&dir);
    let result = if dir.join(KEY_FILE).exists() {
        convert::unlock(dir, &Passphrase::from(PASSPHRASE)).and_then(|mut store| store.decrypt())
    } else {
        Store::open(dir).and_then(|mut store| store.encrypt(&Passphrase::from(PASSPHRASE)).map(drop))
    };
    match result {
        Ok(()) => eprintln!("tend-child: done"),
        Err(error) => eprintln!("tend-child: failed: {error}"),
    }
}

/// Runs [`conversion_child`] on `dir` with `failpoint` set; with `kill`, waits until the child
/// reaches it and SIGKILLs it there.
fn run_child(dir: &Path, failpoint: &str, kill: bool) -> String {
    crate::run_child_to_failpoint(
        "encryption::conversion_child",
        &[("TEND_CHILD_DIR", dir.as_os_str())],
        failpoint,
        kill,
    )
}

/// What a dir holds after a stop: it opens (with the passphrase exactly when a key file is
/// there), the key file matches the database, and every row is there.
fn check_after_stop(dir: &Path, before: &BTreeMap<String, Vec<String>>, what: &str) -> bool {
    let keyed = dir.join(KEY_FILE).exists() && !plain(&dir.join(DB_FILE));
    let store = if keyed {
        convert::unlock(dir, &Passphrase::from(PASSPHRASE)).unwrap_or_else(|e| panic!("{what}: {e}"))
    } else {
        Store::open(dir).unwrap_or_else(|e| panic!("{what}: {e}"))
    };
    assert_eq!(&contents(store.connection()), before, "{what}: every row");
    let verdict: String = store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(verdict, "ok", "{what}");
    drop(store);
    assert_eq!(
        dir.join(KEY_FILE).exists(),
        keyed,
        "{what}: the key file matches the database"
    );
    assert_eq!(plain(&dir.join(DB_FILE)), !keyed, "{what}");
    assert!(!dir.join(CONVERTING).exists(), "{what}: no half copy left");
    keyed
}

#[test]
fn a_kill_or_a_failure_at_every_step_leaves_a_working_database_and_a_matching_key_file() {
    for (encrypted_first, steps) in [(false, ENCRYPT_STEPS), (true, DECRYPT_STEPS)] {
        for &step in steps {
            for kill in [true, false] {
                let what = format!(
                    "{} at {step}, {}",
                    if encrypted_first { "decrypting" } else { "encrypting" },
                    if kill { "SIGKILL" } else { "a failure" }
                );
                let dir = tempfile::tempdir().unwrap();
                let mut store = store_with_words(dir.path());
                let before = contents(store.connection());
                if encrypted_first {
                    store.encrypt(&Passphrase::from(PASSPHRASE)).unwrap();
                }
                drop(store);
                let said = run_child(dir.path(), step, kill);
                // A failure before the swap undoes the conversion; from the swap on, the new
                // database is whole and the conversion is done (the rest is finished later).
                let swapped =
                    steps.iter().position(|s| *s == step) >= steps.iter().position(|s| *s == "convert.swapped");
                if kill {
                    assert!(said.contains("reached"), "{what}: the child got there\n{said}");
                } else {
                    let outcome = if swapped {
                        "tend-child: done"
                    } else {
                        "tend-child: failed"
                    };
                    assert!(said.contains(outcome), "{what}: {outcome}\n{said}");
                }
                let keyed = check_after_stop(dir.path(), &before, &what);
                if !kill {
                    assert_eq!(keyed, encrypted_first != swapped, "{what}: undone or finished");
                }
                // Opened again, the backups agree with the database.
                let now_plain = !keyed;
                let store = if keyed {
                    convert::unlock(dir.path(), &Passphrase::from(PASSPHRASE)).unwrap()
                } else {
                    Store::open(dir.path()).unwrap()
                };
                drop(store);
                if keyed {
                    assert!(
                        backups(dir.path()).iter().all(|b| !plain(b)),
                        "{what}: every copy sealed"
                    );
                } else {
                    assert!(now_plain);
                }
            }
        }
    }
}

#[test]
fn the_shared_store_locks_unlocks_recovers_and_lets_the_passphrase_go() {
    use tend_core::{ErrorKind, Privacy, SharedStore};
    let dir = tempfile::tempdir().unwrap();
    drop(store_with_words(dir.path()));
    let count = |shared: &SharedStore| shared.read(|s| Ok(s.timeline(None, 50)?.check_ins.len()));
    let privacy = |passphrase, locked, recovered| Privacy {
        passphrase,
        locked,
        recovered,
        auto_lock_seconds: None,
    };

    let shared = SharedStore::open(Some(dir.path().to_path_buf()));
    assert_eq!(shared.privacy(), privacy(false, false, false));
    let saved = count(&shared).unwrap();
    assert!(!shared.lock_now(), "without a passphrase there is nothing to lock");
    let recovery = shared.set_passphrase(&Passphrase::from(PASSPHRASE)).unwrap();
    assert_eq!(shared.privacy(), privacy(true, false, false));

    assert!(shared.lock_now());
    assert_eq!(shared.privacy(), privacy(true, true, false));
    assert_eq!(count(&shared).unwrap_err().kind, ErrorKind::Locked);
    let not = shared.unlock(&Passphrase::from("not it at all")).unwrap_err();
    assert_eq!(not.kind, ErrorKind::NotAccepted);
    assert_eq!(count(&shared).unwrap_err().kind, ErrorKind::Locked);
    shared.unlock(&Passphrase::from(PASSPHRASE)).unwrap();
    assert_eq!(count(&shared).unwrap(), saved);

    // A fresh start finds it locked.
    drop(shared);
    let shared = SharedStore::open(Some(dir.path().to_path_buf()));
    assert_eq!(shared.privacy(), privacy(true, true, false));
    assert_eq!(
        shared.unlock_with_recovery("ABCD").unwrap_err().kind,
        ErrorKind::InvalidInput
    );
    shared.unlock_with_recovery(&recovery.grouped()).unwrap();
    assert_eq!(shared.privacy(), privacy(true, false, true));
    shared
        .change_passphrase(None, &Passphrase::from("the long way round"))
        .unwrap();
    assert_eq!(shared.privacy(), privacy(true, false, false));
    // Without the recovery key just used, the current passphrase is needed to change it.
    assert_eq!(
        shared
            .change_passphrase(None, &Passphrase::from("a third one"))
            .unwrap_err()
            .kind,
        ErrorKind::NotAccepted
    );
    assert!(shared.lock_now());
    shared.unlock(&Passphrase::from("the long way round")).unwrap();

    assert_eq!(
        shared
            .remove_passphrase(&Passphrase::from(PASSPHRASE))
            .unwrap_err()
            .kind,
        ErrorKind::NotAccepted
    );
    shared
        .remove_passphrase(&Passphrase::from("the long way round"))
        .unwrap();
    assert_eq!(shared.privacy(), privacy(false, false, false));
    assert_eq!(count(&shared).unwrap(), saved);
    drop(shared);
    let shared = SharedStore::open(Some(dir.path().to_path_buf()));
    assert_eq!(shared.privacy(), privacy(false, false, false));
    assert_eq!(count(&shared).unwrap(), saved);
}
