//! A damaged database: found before anything writes to it, left byte for byte as it was, and
//! recovered on the person's word (what can be read, or the newest copy in `backups/`). Also
//! the write-ahead log emptied into the file, the start-up purge that can't take the store
//! down, and the copies before each migration pruned.

use std::collections::BTreeSet;
use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use rusqlite::Connection;
use tend_core::search::SearchQuery;
use tend_core::store::recover::DAMAGED_DIR;
use tend_core::store::{BACKUP_DIR, DB_FILE, convert};
use tend_core::vault::Passphrase;
use tend_core::{ErrorKind, NewCheckIn, Recovery, SharedStore, Storage, Store};

use crate::database_from_sql;

const PASSPHRASE: &str = "a quiet walk home";
const CHECK_INS: usize = 300;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn note(i: usize) -> String {
    format!("evening walk number {i}, and we talked about the garden for a long while")
}

/// A store holding [`CHECK_INS`] check-ins, most in `tend.db` itself and the last in its WAL,
/// left as a crash leaves it: `tend.db`, `-wal` and `-shm` all there (under a passphrase when
/// `encrypted`).
fn crashed_store(dir: &Path, encrypted: bool) {
    let mut store = Store::open(dir).unwrap();
    for i in 0..CHECK_INS - 1 {
        store
            .save_check_in(&NewCheckIn::note(note(i)), at("2026-03-01T20:15:00+01:00"))
            .unwrap();
    }
    if encrypted {
        store.encrypt(&Passphrase::new(PASSPHRASE.into()).unwrap()).unwrap();
        drop(store);
        store = convert::unlock(dir, &Passphrase::given(PASSPHRASE.into())).unwrap();
    }
    store.checkpoint().unwrap();
    store
        .save_check_in(&NewCheckIn::note(note(CHECK_INS - 1)), at("2026-03-01T20:15:00+01:00"))
        .unwrap();
    // No close: the connection goes as a SIGKILL takes it, leaving the WAL and its index.
    std::mem::forget(store);
    assert!(dir.join("tend.db-wal").exists() && dir.join("tend.db-shm").exists());
}

/// Random bytes written over the page in the middle of `tend.db`, and (in a plain file) over
/// every page holding check-in 150's words, so a page of the check-in table itself is hit.
fn damage_a_page(dir: &Path) {
    let path = dir.join(DB_FILE);
    let bytes = fs::read(&path).unwrap();
    let pages = bytes.len() / 4096;
    assert!(pages > 8, "the file has pages to damage ({pages})");
    let needle = note(150).into_bytes();
    let mut hit: Vec<usize> = bytes
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle.as_slice())
        .map(|(at, _)| at / 4096)
        .collect();
    // A page the WAL holds a newer copy of is never read from `tend.db`: damage there goes
    // unseen, so the middle page is the nearest the WAL doesn't hold.
    let in_wal = pages_in_wal(&dir.join("tend.db-wal"));
    let middle = (pages / 2..pages).find(|p| !in_wal.contains(&(p + 1))).unwrap();
    hit.push(middle);
    hit.dedup();
    let mut file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    for page in hit {
        file.seek(SeekFrom::Start((page * 4096) as u64)).unwrap();
        let noise: Vec<u8> = (0..4096).map(|_| fastrand::u8(..)).collect();
        file.write_all(&noise).unwrap();
    }
}

/// The (1-based) numbers of the pages a WAL holds: each frame's header, which SQLCipher leaves
/// unencrypted, starts with its page's number.
fn pages_in_wal(wal: &Path) -> BTreeSet<usize> {
    let bytes = fs::read(wal).unwrap_or_default();
    bytes
        .get(32..)
        .unwrap_or_default()
        .chunks_exact(24 + 4096)
        .map(|frame| u32::from_be_bytes(frame[..4].try_into().unwrap()) as usize)
        .collect()
}

/// The three files' bytes, as they are.
fn the_three(dir: &Path) -> Vec<Option<Vec<u8>>> {
    ["tend.db", "tend.db-wal", "tend.db-shm"]
        .iter()
        .map(|name| fs::read(dir.join(name)).ok())
        .collect()
}

fn damaged_copies(dir: &Path) -> Vec<Option<Vec<u8>>> {
    let kept: Vec<_> = fs::read_dir(dir.join(DAMAGED_DIR))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "one set of damaged files kept: {kept:?}");
    the_three(&kept[0])
}

fn integrity(store: &Store) -> String {
    store
        .connection()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap()
}

#[test]
fn a_damaged_database_is_found_before_anything_writes_and_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    crashed_store(dir.path(), false);
    damage_a_page(dir.path());
    let before = the_three(dir.path());

    let error = Store::open(dir.path()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NeedsRecovery, "{error}");
    assert_eq!(the_three(dir.path()), before, "opening changed nothing");

    let shared = SharedStore::open(Some(dir.path().to_path_buf()));
    assert!(matches!(shared.storage(), Storage::NeedsRecovery { backup: None }));
    let refused = shared
        .write(|store| store.save_check_in(&NewCheckIn::note("new words"), at("2026-03-02T20:00:00+01:00")))
        .unwrap_err();
    assert_eq!(refused.kind, ErrorKind::NeedsRecovery);
    assert_eq!(
        shared.retry_open(),
        shared.storage(),
        "trying again is not offered as a cure"
    );
    assert_eq!(the_three(dir.path()), before, "nothing was written, not even the WAL");
    // No copy made for checking is left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(!names.iter().any(|n| n.contains("check")), "{names:?}");
}

#[test]
fn salvage_brings_back_every_row_that_can_be_read_and_keeps_the_damaged_files() {
    let dir = tempfile::tempdir().unwrap();
    crashed_store(dir.path(), false);
    damage_a_page(dir.path());
    let before = the_three(dir.path());

    let shared = SharedStore::open(Some(dir.path().to_path_buf()));
    let recovered = shared.recover(Recovery::Salvage).unwrap();
    assert!(recovered.unreadable, "the damaged page is said");
    assert!(
        recovered.check_ins < CHECK_INS && recovered.check_ins >= CHECK_INS - 90,
        "all but the rows on the damaged pages: {recovered:?}"
    );
    assert_eq!(shared.storage(), Storage::Open);
    assert_eq!(
        damaged_copies(dir.path()),
        before,
        "the damaged files, byte for byte, kept aside"
    );

    shared
        .read(|store| {
            assert_eq!(integrity(store), "ok");
            let page = store.timeline(None, 1000)?;
            assert_eq!(page.check_ins.len(), recovered.check_ins);
            // The last check-in lived only in the WAL: it is among what came back.
            assert!(page.check_ins.iter().any(|c| c.note == note(CHECK_INS - 1)));
            // The search index was written again from what came back.
            let hits = store.search(&SearchQuery {
                text: "garden".into(),
                tag: None,
                from: None,
                to: None,
            })?;
            assert!(!hits.is_empty());
            Ok(())
        })
        .unwrap();
    shared
        .write(|store| store.save_check_in(&NewCheckIn::note("after"), at("2026-03-02T20:00:00+01:00")))
        .unwrap();
}

#[test]
fn with_a_passphrase_damage_is_found_after_the_key_file_accepts_it_and_salvaged_under_the_key() {
    let dir = tempfile::tempdir().unwrap();
    crashed_store(dir.path(), true);
    damage_a_page(dir.path());
    let before = the_three(dir.path());

    let shared = SharedStore::open(Some(dir.path().to_path_buf()));
    assert_eq!(shared.storage(), Storage::Locked);
    // A wrong passphrase is that, not damage.
    let wrong = shared.unlock(&Passphrase::given("not the one".into())).unwrap_err();
    assert_eq!(wrong.kind, ErrorKind::NotAccepted);
    assert_eq!(shared.storage(), Storage::Locked);
    shared.unlock(&Passphrase::given(PASSPHRASE.into())).unwrap();
    assert!(matches!(shared.storage(), Storage::NeedsRecovery { .. }));
    assert_eq!(the_three(dir.path()), before);

    // Locking while it waits takes the key away: nobody recovers it without the passphrase.
    assert!(shared.lock_now(), "a damaged encrypted store locks");
    assert_eq!(shared.storage(), Storage::Locked);
    let refused = shared.recover(Recovery::Salvage).unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Locked);
    assert_eq!(the_three(dir.path()), before);
    shared.unlock(&Passphrase::given(PASSPHRASE.into())).unwrap();
    assert!(matches!(shared.storage(), Storage::NeedsRecovery { .. }));

    let recovered = shared.recover(Recovery::Salvage).unwrap();
    assert!(recovered.check_ins >= CHECK_INS - 60, "{recovered:?}");
    assert_eq!(damaged_copies(dir.path()), before);
    assert_eq!(
        convert::is_plain(&dir.path().join(DB_FILE)).unwrap(),
        Some(false),
        "still encrypted"
    );
    assert!(shared.privacy().passphrase && !shared.privacy().locked);
    let verdict = shared.read(|store| Ok(integrity(store))).unwrap();
    assert_eq!(verdict, "ok");
}

#[test]
fn the_newest_copy_in_backups_can_take_the_damaged_files_place() {
    let dir = tempfile::tempdir().unwrap();
    // An older schema, so opening takes a copy before migrating.
    database_from_sql(dir.path(), include_str!("../fixtures/v1.sql"));
    let in_copy: usize = Store::open(dir.path())
        .unwrap()
        .timeline(None, 1000)
        .unwrap()
        .check_ins
        .len();
    assert!(in_copy > 0);
    crashed_store(dir.path(), false);
    damage_a_page(dir.path());
    let before = the_three(dir.path());

    let shared = SharedStore::open(Some(dir.path().to_path_buf()));
    let Storage::NeedsRecovery { backup: Some(backup) } = shared.storage() else {
        panic!("the copy is offered: {:?}", shared.storage());
    };
    assert!(backup.taken.starts_with("20"), "{backup:?}");
    let recovered = shared.recover(Recovery::NewestBackup).unwrap();
    assert_eq!(recovered.check_ins, in_copy);
    assert!(!recovered.unreadable);
    assert_eq!(damaged_copies(dir.path()), before);
    shared
        .read(|store| {
            assert_eq!(integrity(store), "ok");
            assert_eq!(store.timeline(None, 1000)?.check_ins.len(), in_copy);
            Ok(())
        })
        .unwrap();
}

#[test]
fn closing_leaves_every_saved_word_in_tend_db_alone() {
    let dir = tempfile::tempdir().unwrap();
    let shared = SharedStore::open(Some(dir.path().to_path_buf()));
    for i in 0..40 {
        shared
            .write(|store| store.save_check_in(&NewCheckIn::note(note(i)), at("2026-03-01T20:15:00+01:00")))
            .unwrap();
    }
    assert!(
        !shared.checkpoint_when_quiet(std::time::Duration::from_secs(60)),
        "not quiet yet"
    );
    assert!(fs::metadata(dir.path().join("tend.db-wal")).unwrap().len() > 0);
    assert!(shared.checkpoint_when_quiet(std::time::Duration::ZERO));
    assert_eq!(
        fs::metadata(dir.path().join("tend.db-wal")).unwrap().len(),
        0,
        "a quiet moment empties the WAL"
    );
    shared
        .write(|store| store.save_check_in(&NewCheckIn::note(note(40)), at("2026-03-01T20:15:00+01:00")))
        .unwrap();
    shared.close();
    assert!(!dir.path().join("tend.db-wal").exists(), "closed: no WAL left");

    // The file alone, copied elsewhere, holds all 41.
    let elsewhere = tempfile::tempdir().unwrap();
    fs::copy(dir.path().join(DB_FILE), elsewhere.path().join(DB_FILE)).unwrap();
    let conn = Connection::open(elsewhere.path().join(DB_FILE)).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM check_in", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 41);
}

#[test]
fn a_start_up_purge_that_fails_does_not_keep_tend_closed() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        let kept = store
            .save_check_in(&NewCheckIn::note("kept"), at("2026-03-01T20:15:00+01:00"))
            .unwrap();
        let gone = store
            .save_check_in(&NewCheckIn::note("deleted"), at("2026-03-01T20:16:00+01:00"))
            .unwrap();
        store.delete_check_in(gone.id, chrono::Utc::now()).unwrap();
        // Something the purge can't get past (a real failure inside SQLite's DELETE).
        store
            .connection()
            .execute_batch("CREATE TRIGGER refuse BEFORE DELETE ON check_in BEGIN SELECT RAISE(ABORT, 'no'); END;")
            .unwrap();
        assert_eq!(store.check_in(kept.id).unwrap().note, "kept");
    }
    let store = Store::open(dir.path()).expect("open, and say so in the log, rather than fail");
    let notes: Vec<_> = store
        .timeline(None, 10)
        .unwrap()
        .check_ins
        .into_iter()
        .map(|c| c.note)
        .collect();
    assert_eq!(notes, ["kept"]);
}

#[test]
fn only_the_newest_copy_before_each_migration_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join(BACKUP_DIR);
    fs::create_dir_all(&backups).unwrap();
    for name in [
        "tend-v1-before-v5-20250101T000000Z.db",
        "tend-v1-before-v5-20250301T000000Z.db",
        "tend-v5-before-v6-20250601T000000Z.db",
    ] {
        fs::write(backups.join(name), b"an older copy").unwrap();
    }
    database_from_sql(dir.path(), include_str!("../fixtures/v1.sql"));
    drop(Store::open(dir.path()).unwrap());
    let left: Vec<_> = fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
    // Compared as names, not sorted: "v10" sorts before "v5" as text.
    let newest = format!("tend-v1-before-v{}-", tend_core::store::latest_version());
    assert!(left.iter().any(|name| name.starts_with(&newest)), "{left:?}");
    for kept in [
        "tend-v1-before-v5-20250301T000000Z.db",
        "tend-v5-before-v6-20250601T000000Z.db",
    ] {
        assert!(left.iter().any(|name| name == kept), "{kept} in {left:?}");
    }
}

/// The rows on one damaged page of the check-ins go; every other check-in comes back, in a plain
/// file and under a passphrase alike (a damaged page of an encrypted file fails its check, and
/// reading goes on past it as it does past a plain one).
#[test]
fn a_damaged_page_in_the_middle_of_the_check_ins_costs_only_its_own_rows() {
    for encrypted in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        for i in 0..CHECK_INS {
            store
                .save_check_in(&NewCheckIn::note(note(i)), at("2026-03-01T20:15:00+01:00"))
                .unwrap();
        }
        if encrypted {
            store.encrypt(&Passphrase::new(PASSPHRASE.into()).unwrap()).unwrap();
            drop(store);
            store = convert::unlock(dir.path(), &Passphrase::given(PASSPHRASE.into())).unwrap();
        }
        let mut leaves: Vec<(String, i64)> = store
            .connection()
            .prepare("SELECT path, pageno FROM dbstat WHERE name = 'check_in' AND pagetype = 'leaf'")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        store.close().unwrap();
        leaves.sort();
        assert!(leaves.len() >= 5, "{leaves:?}");
        let page = leaves[leaves.len() / 2].1 as u64;
        let mut file = fs::OpenOptions::new()
            .write(true)
            .open(dir.path().join(DB_FILE))
            .unwrap();
        file.seek(SeekFrom::Start((page - 1) * 4096)).unwrap();
        file.write_all(&[0x5a; 4096]).unwrap();
        drop(file);

        let shared = SharedStore::open(Some(dir.path().to_path_buf()));
        if encrypted {
            shared.unlock(&Passphrase::given(PASSPHRASE.into())).unwrap();
        }
        assert!(matches!(shared.storage(), Storage::NeedsRecovery { .. }), "{encrypted}");
        let recovered = shared.recover(Recovery::Salvage).unwrap();
        let per_page = CHECK_INS / leaves.len() + 10;
        assert!(
            recovered.check_ins >= CHECK_INS - per_page,
            "encrypted: {encrypted}, {recovered:?}, {} leaves",
            leaves.len()
        );
    }
}
