//! The copies Tend makes (`store/backup.rs`): daily ones that hold what the database holds,
//! plain and encrypted (and open elsewhere with their key file), rotation, a chosen folder, and a
//! kill during a backup or at each step of a restore (a real SIGKILL of a child process).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use tend_core::store::backup::{FOLDER_FILE, KEY_RESTORING, RESTORE_MARKER, RESTORING};
use tend_core::store::convert;
use tend_core::store::recover;
use tend_core::store::{
    BACKUP_DIR, BackupInfo, BackupKind, DB_FILE, backup_folder, list_backups, restore_backup, set_backup_folder,
};
use tend_core::vault::{KEY_FILE, Passphrase, RecoveryKey};
use tend_core::{Error, ErrorKind, NewCheckIn, SharedStore, Store};

use crate::encryption::contents;

const PASSPHRASE: &str = "a quiet walk home";
const NEW_PASSPHRASE: &str = "the long way round";

fn written() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 1, 20, 15, 0)
        .unwrap()
}

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap() + TimeDelta::days(n)
}

fn save(store: &mut Store, note: &str) {
    store.save_check_in(&NewCheckIn::note(note), written()).unwrap();
}

fn rows(store: &Store) -> BTreeMap<String, Vec<String>> {
    contents(store.connection())
}

/// The data directory's and the backup folder's files by name.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// Copies the backup `id` from `folder` (and its key file, if any) into a new data directory
/// as `tend.db` and `tend.key`, as a person would on another computer.
fn elsewhere(folder: &Path, id: &str) -> tempfile::TempDir {
    let other = tempfile::tempdir().unwrap();
    fs::copy(folder.join(id), other.path().join(DB_FILE)).unwrap();
    let key = folder.join(id).with_extension("key");
    if key.exists() {
        fs::copy(key, other.path().join(KEY_FILE)).unwrap();
    }
    other
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_backup_holds_every_row_plain_and_encrypted_and_opens_elsewhere_with_its_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    save(&mut store, "a walk by the river");
    let info = store.backup_now(day(0)).unwrap();
    assert_eq!(info.kind, BackupKind::Daily);
    assert!(!info.encrypted);
    assert!(info.id.starts_with("tend-daily-20260301T090000000Z"), "{}", info.id);
    assert_eq!(info.taken, "2026-03-01T09:00:00.000Z");
    let folder = dir.path().join(BACKUP_DIR);
    assert!(info.size > 0 && info.size == fs::metadata(folder.join(&info.id)).unwrap().len());
    #[cfg(unix)]
    {
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&folder.join(&info.id)), 0o600);
    }
    let plain = elsewhere(&folder, &info.id);
    assert_eq!(rows(&Store::open(plain.path()).unwrap()), rows(&store));

    // The first passphrase seals the daily copy too, with the key file beside it.
    let recovery = store.encrypt(&Passphrase::from(PASSPHRASE)).unwrap();
    assert_eq!(list_backups(dir.path())[0].id, info.id);
    assert!(list_backups(dir.path()).iter().all(|b| b.encrypted));
    assert!(folder.join(&info.id).with_extension("key").exists());
    save(&mut store, "dinner, slowly");
    let sealed = store.backup_now(day(1)).unwrap();
    assert!(sealed.encrypted);
    let key_copy = folder.join(&sealed.id).with_extension("key");
    #[cfg(unix)]
    assert_eq!(mode(&key_copy), 0o600);
    let expected = rows(&store);

    // On another computer: the copy and its key file open with the recovery key alone.
    let other = elsewhere(&folder, &sealed.id);
    let typed = recovery.grouped().to_string();
    let opened = convert::unlock_with_recovery(other.path(), &RecoveryKey::parse(&typed).unwrap()).unwrap();
    assert_eq!(rows(&opened), expected);
    drop(opened);

    // A new passphrase: every copy's key file follows, so the passphrase of now opens each.
    store.change_passphrase(&Passphrase::from(NEW_PASSPHRASE)).unwrap();
    drop(store);
    let other = elsewhere(&folder, &sealed.id);
    assert!(matches!(
        convert::unlock(other.path(), &Passphrase::from(PASSPHRASE)),
        Err(Error::PassphraseNotAccepted)
    ));
    assert_eq!(
        rows(&convert::unlock(other.path(), &Passphrase::from(NEW_PASSPHRASE)).unwrap()),
        expected
    );
    let first = fs::read(folder.join(&info.id).with_extension("key")).unwrap();
    assert_eq!(
        first,
        fs::read(dir.path().join(KEY_FILE)).unwrap(),
        "the older copy's too"
    );
}

#[test]
fn rotation_keeps_seven_daily_copies_and_the_newest_before_each_migration() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join(BACKUP_DIR);
    fs::create_dir_all(&folder).unwrap();
    for name in [
        "tend-v1-before-v5-20250101T000000Z.db",
        "tend-v1-before-v5-20250301T000000Z.db",
        "tend-v5-before-v6-20250601T000000Z.db",
        "tend-daily-20250101T000000000Z.db",
        "tend-daily-20250101T000000000Z.key",
        "notes.db",
    ] {
        fs::write(folder.join(name), b"an older copy").unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    let mut taken = Vec::new();
    for n in 0..10 {
        save(&mut store, &format!("day {n}"));
        taken.push(store.backup_now(day(n)).unwrap().id);
    }
    let left = names(&folder);
    let daily: Vec<&String> = left.iter().filter(|n| n.starts_with("tend-daily-")).collect();
    assert_eq!(
        daily,
        taken[3..].iter().collect::<Vec<_>>(),
        "the newest seven, no stray key file"
    );
    assert!(left.contains(&"tend-v1-before-v5-20250301T000000Z.db".to_owned()));
    assert!(!left.contains(&"tend-v1-before-v5-20250101T000000Z.db".to_owned()));
    assert!(left.contains(&"tend-v5-before-v6-20250601T000000Z.db".to_owned()));
    assert!(left.contains(&"notes.db".to_owned()), "not Tend's to remove");

    // "Make a copy now" pressed many times in one day keeps that day's newest three, and lets
    // no earlier day go.
    for minute in 1..=6 {
        store.backup_now(day(9) + chrono::TimeDelta::minutes(minute)).unwrap();
    }
    let after = names(&folder);
    for kept in &taken[3..9] {
        assert!(after.contains(kept), "{kept} kept");
    }
    assert_eq!(after.iter().filter(|n| n.starts_with("tend-daily-")).count(), 6 + 3);

    // A clock set back: the copy just taken is the oldest by its name, and still kept.
    let back = store.backup_now(day(-30)).unwrap();
    assert!(names(&folder).contains(&back.id));
    let listed: Vec<BackupInfo> = list_backups(dir.path());
    assert_eq!(listed.iter().filter(|b| b.kind == BackupKind::Daily).count(), 10);
    assert_eq!(
        listed.iter().filter(|b| b.kind == BackupKind::BeforeMigration).count(),
        2
    );
    assert!(listed.windows(2).all(|w| w[0].taken >= w[1].taken), "newest first");
    let newest = recover::newest_backup(dir.path()).unwrap().unwrap();
    assert_eq!(newest.taken, listed[0].taken, "the recovery screen sees daily copies");
}

#[test]
fn a_daily_copy_is_taken_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    save(&mut store, "a quiet evening");
    let daily = |dir: &Path| list_backups(dir).iter().filter(|b| b.kind == BackupKind::Daily).count();
    assert!(store.backup_if_due(day(0)).unwrap().is_some(), "none yet");
    for later in [
        TimeDelta::seconds(1),
        TimeDelta::hours(12),
        TimeDelta::minutes(24 * 60 - 1),
    ] {
        assert_eq!(store.backup_if_due(day(0) + later).unwrap(), None);
    }
    assert_eq!(daily(dir.path()), 1);
    assert!(store.backup_if_due(day(1)).unwrap().is_some());
    assert_eq!(store.backup_if_due(day(1) + TimeDelta::hours(3)).unwrap(), None);
    // The clock set back by days: a copy is taken rather than none until it catches up.
    assert!(store.backup_if_due(day(-5)).unwrap().is_some());
    // ... and only one: the copies stamped ahead say nothing about the days since (before, each
    // quiet moment took another and pushed the week's copies out).
    for later in [TimeDelta::seconds(15), TimeDelta::minutes(2), TimeDelta::hours(23)] {
        assert_eq!(store.backup_if_due(day(-5) + later).unwrap(), None, "{later}");
    }
    assert_eq!(daily(dir.path()), 3);
    drop(store);

    // Through the shared store: only while open for writing.
    let shared = SharedStore::open(Some(dir.path().to_path_buf()));
    assert_eq!(shared.backup_if_due(day(1) + TimeDelta::hours(4)).unwrap(), None);
    assert!(shared.backup_if_due(day(3)).unwrap().is_some());
    shared.set_passphrase(&Passphrase::from(PASSPHRASE)).unwrap();
    assert!(shared.lock_now());
    let before = names(&dir.path().join(BACKUP_DIR));
    assert_eq!(shared.backup_if_due(day(9)).unwrap(), None, "locked: nothing is done");
    assert_eq!(names(&dir.path().join(BACKUP_DIR)), before);
}

#[test]
fn a_chosen_folder_is_used_and_one_that_cannot_be_used_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    save(&mut store, "by the sea");
    let first = store.backup_now(day(0)).unwrap();
    assert_eq!(backup_folder(dir.path()), dir.path().join(BACKUP_DIR));

    let a_file = chosen.path().join("a file");
    fs::write(&a_file, b"not a folder").unwrap();
    for unusable in [chosen.path().join("not there"), a_file, PathBuf::from("relative")] {
        let error = set_backup_folder(dir.path(), Some(unusable.clone())).unwrap_err();
        assert!(matches!(error, Error::BackupFolderUnusable), "{unusable:?}: {error}");
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert!(!dir.path().join(FOLDER_FILE).exists(), "{unusable:?}");
        assert_eq!(backup_folder(dir.path()), dir.path().join(BACKUP_DIR));
    }

    set_backup_folder(dir.path(), Some(chosen.path().to_path_buf())).unwrap();
    let chosen_path = chosen.path().canonicalize().unwrap();
    assert_eq!(backup_folder(dir.path()), chosen_path);
    let second = store.backup_now(day(1)).unwrap();
    assert!(chosen_path.join(&second.id).exists());
    assert!(!dir.path().join(BACKUP_DIR).join(&second.id).exists());
    let listed: Vec<String> = list_backups(dir.path()).into_iter().map(|b| b.id).collect();
    assert_eq!(listed, [second.id.clone(), first.id.clone()], "both folders are listed");
    drop(store);

    // Read without the database: locked or damaged, the recovery screen still lists them.
    fs::write(dir.path().join(DB_FILE), b"no longer a database, only bytes").unwrap();
    assert_eq!(list_backups(dir.path()).len(), 2);
    assert!(recover::newest_backup(dir.path()).unwrap().is_some());

    set_backup_folder(dir.path(), None).unwrap();
    assert_eq!(backup_folder(dir.path()), dir.path().join(BACKUP_DIR));
}

#[test]
fn copies_in_a_chosen_folder_are_sealed_and_a_migration_goes_on_when_the_folder_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = tempfile::tempdir().unwrap();
    set_backup_folder(dir.path(), Some(chosen.path().to_path_buf())).unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    save(&mut store, "in the garden");
    let plain = store.backup_now(day(0)).unwrap();
    let folder = backup_folder(dir.path());
    assert!(!plain.encrypted);
    // Another folder chosen since: the copies left in the first are still looked after.
    let next = tempfile::tempdir().unwrap();
    set_backup_folder(dir.path(), Some(next.path().to_path_buf())).unwrap();
    assert!(
        list_backups(dir.path()).iter().any(|b| b.id == plain.id),
        "still listed"
    );
    store.encrypt(&Passphrase::from(PASSPHRASE)).unwrap();
    assert_eq!(
        convert::is_plain(&folder.join(&plain.id)).unwrap(),
        Some(false),
        "sealed there too"
    );
    assert_eq!(
        fs::read(folder.join(&plain.id).with_extension("key")).unwrap(),
        fs::read(dir.path().join(KEY_FILE)).unwrap()
    );
    drop(store);

    // An older database, and the chosen folder unplugged: the copy before the migration goes to
    // backups/ instead, and Tend opens.
    let older = tempfile::tempdir().unwrap();
    crate::database_from_sql(older.path(), include_str!("../fixtures/v1.sql"));
    let gone = tempfile::tempdir().unwrap();
    set_backup_folder(older.path(), Some(gone.path().to_path_buf())).unwrap();
    drop(gone);
    drop(Store::open(older.path()).unwrap());
    let listed = list_backups(older.path());
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].kind, BackupKind::BeforeMigration);
    assert!(older.path().join(BACKUP_DIR).join(&listed[0].id).exists());
}

/// Damaged files kept aside follow the passphrase when every row of them can be read: sealed once
/// one is set, opened again when it goes. Ones that can't be read whole stay byte for byte.
#[test]
fn damaged_files_kept_aside_are_sealed_when_they_can_be_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    save(&mut store, "kept aside");
    store.checkpoint().unwrap();
    let expected = rows(&store);
    let damaged = dir.path().join(recover::DAMAGED_DIR);
    let (readable, unreadable) = (
        damaged.join("20260101T000000.000Z"),
        damaged.join("20260102T000000.000Z"),
    );
    fs::create_dir_all(&readable).unwrap();
    fs::create_dir_all(&unreadable).unwrap();
    fs::copy(dir.path().join(DB_FILE), readable.join(DB_FILE)).unwrap();
    let mut noise = b"SQLite format 3\0".to_vec();
    noise.extend(std::iter::repeat_n(0x5a, 8192));
    fs::write(unreadable.join(DB_FILE), &noise).unwrap();

    store.encrypt(&Passphrase::from(PASSPHRASE)).unwrap();
    assert_eq!(
        convert::is_plain(&readable.join(DB_FILE)).unwrap(),
        Some(false),
        "sealed"
    );
    assert_eq!(fs::read(unreadable.join(DB_FILE)).unwrap(), noise, "left as it was");
    let aside = elsewhere(&readable, DB_FILE);
    fs::copy(dir.path().join(KEY_FILE), aside.path().join(KEY_FILE)).unwrap();
    assert_eq!(
        rows(&convert::unlock(aside.path(), &Passphrase::from(PASSPHRASE)).unwrap()),
        expected
    );

    store.decrypt().unwrap();
    assert_eq!(
        convert::is_plain(&readable.join(DB_FILE)).unwrap(),
        Some(true),
        "opened again"
    );
    assert_eq!(
        rows(&Store::open(elsewhere(&readable, DB_FILE).path()).unwrap()),
        expected
    );
    assert_eq!(fs::read(unreadable.join(DB_FILE)).unwrap(), noise);
}

// ---------------------------------------------------------------------------------------------
// A SIGKILL in the middle.

/// Run in a child process by the tests below (set `TEND_BACKUP_DIR` and `TEND_BACKUP_ACTION`;
/// `TEND_BACKUP_ID` to restore): opens the store (with the passphrase when one is set), then
/// takes a backup or restores one.
#[test]
fn backup_child() {
    let Some(dir) = std::env::var_os("TEND_BACKUP_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let shared = SharedStore::open(Some(dir.clone()));
    if dir.join(KEY_FILE).exists() {
        shared.unlock(&Passphrase::from(PASSPHRASE)).unwrap();
    }
    let result = match std::env::var("TEND_BACKUP_ACTION").unwrap().as_str() {
        "backup" => shared.write(|store| store.backup_now(Utc::now()).map(drop)),
        "restore" => shared.restore_backup(&std::env::var("TEND_BACKUP_ID").unwrap(), None, Utc::now()),
        other => panic!("no such action: {other}"),
    };
    match result {
        Ok(()) => eprintln!("tend-child: done"),
        Err(error) => eprintln!("tend-child: failed: {}", error.message),
    }
}

fn run_child(dir: &Path, action: &str, id: &str, failpoint: &str, kill: bool) -> String {
    crate::run_child_to_failpoint(
        "backup::backup_child",
        &[
            ("TEND_BACKUP_DIR", dir.as_os_str()),
            ("TEND_BACKUP_ACTION", action.as_ref()),
            ("TEND_BACKUP_ID", id.as_ref()),
        ],
        failpoint,
        kill,
    )
}

/// Opens `dir` as Tend does after a crash (with the passphrase when its key file is there) and
/// checks the key file matches the database.
fn reopen(dir: &Path, encrypted: bool, what: &str) -> Store {
    assert_eq!(
        convert::is_plain(&dir.join(DB_FILE)).unwrap(),
        Some(!encrypted),
        "{what}: the database is as encrypted as before"
    );
    let store = if dir.join(KEY_FILE).exists() {
        convert::unlock(dir, &Passphrase::from(PASSPHRASE))
    } else {
        Store::open(dir)
    }
    .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(
        store.is_encrypted(),
        encrypted,
        "{what}: the key file matches the database"
    );
    let verdict: String = store
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(verdict, "ok", "{what}");
    store
}

/// A store with one check-in, encrypted when asked (returning its rows).
fn prepared(dir: &Path, encrypted: bool) -> Store {
    let mut store = Store::open(dir).unwrap();
    save(&mut store, "the first walk");
    if encrypted {
        store.encrypt(&Passphrase::from(PASSPHRASE)).unwrap();
    }
    store
}

#[test]
fn a_kill_during_a_backup_lists_no_half_copy_and_leaves_the_database_whole() {
    for (encrypted, failpoint) in [
        (false, "backup.written"),
        (true, "backup.written"),
        (true, "backup.key-written"),
    ] {
        let what = format!("{failpoint}, encrypted {encrypted}");
        let dir = tempfile::tempdir().unwrap();
        let expected = rows(&prepared(dir.path(), encrypted));
        let said = run_child(dir.path(), "backup", "", failpoint, true);
        assert!(said.contains("reached"), "{what}: {said}");
        assert_eq!(list_backups(dir.path()), Vec::new(), "{what}");
        let store = reopen(dir.path(), encrypted, &what);
        assert_eq!(rows(&store), expected, "{what}");
        assert_eq!(
            names(&dir.path().join(BACKUP_DIR)),
            Vec::<String>::new(),
            "{what}: cleared"
        );
        let taken = store.backup_now(Utc::now()).unwrap();
        assert_eq!(list_backups(dir.path()), [taken], "{what}: the next one is taken whole");
    }
}

/// The steps of a restore, in order, and whether the restore is committed once there.
const RESTORE_STEPS: &[(&str, bool)] = &[
    ("restore.kept", false),
    ("restore.staged", false),
    ("restore.marked", true),
    ("restore.db-swapped", true),
    ("restore.key-swapped", true),
];

#[test]
fn a_kill_at_each_step_of_a_restore_leaves_a_matching_pair_that_opens() {
    for encrypted in [false, true] {
        for &(failpoint, committed) in RESTORE_STEPS {
            let what = format!("{failpoint}, encrypted {encrypted}");
            let dir = tempfile::tempdir().unwrap();
            let mut store = prepared(dir.path(), encrypted);
            let copy = store.backup_now(day(0)).unwrap();
            let old = rows(&store);
            save(&mut store, "written after the copy");
            let now = rows(&store);
            drop(store);
            let said = run_child(dir.path(), "restore", &copy.id, failpoint, true);
            assert!(said.contains("reached"), "{what}: {said}");
            let store = reopen(dir.path(), encrypted, &what);
            assert_eq!(&rows(&store), if committed { &old } else { &now }, "{what}");
            drop(store);
            for staged in [RESTORING, KEY_RESTORING, RESTORE_MARKER] {
                assert!(!dir.path().join(staged).exists(), "{what}: {staged} is settled");
            }
            // The database as it was before is kept, from the first step on.
            let before: Vec<BackupInfo> = list_backups(dir.path())
                .into_iter()
                .filter(|b| b.kind == BackupKind::BeforeRestore)
                .collect();
            assert_eq!(before.len(), 1, "{what}");
            if let Some(kept) = before.first() {
                let other = elsewhere(&backup_folder(dir.path()), &kept.id);
                assert_eq!(
                    rows(&reopen(other.path(), encrypted, &what)),
                    now,
                    "{what}: the copy kept"
                );
            }
        }
    }
}

/// A step that fails before the marker undoes the restore (the copy kept stays); one that fails
/// after it is finished when the store next opens (in the child the failpoint fails that too).
#[test]
fn a_failure_before_the_marker_changes_nothing_and_one_after_it_is_finished() {
    for &(failpoint, committed) in &[RESTORE_STEPS[1], RESTORE_STEPS[3]] {
        let what = format!("a failure at {failpoint}");
        let dir = tempfile::tempdir().unwrap();
        let mut store = prepared(dir.path(), false);
        let copy = store.backup_now(day(0)).unwrap();
        let old = rows(&store);
        save(&mut store, "written after the copy");
        let now = rows(&store);
        drop(store);
        let said = run_child(dir.path(), "restore", &copy.id, failpoint, false);
        let outcome = if committed {
            "tend-child: done"
        } else {
            "tend-child: failed"
        };
        assert!(said.contains(outcome), "{what}: {said}");
        assert_eq!(dir.path().join(RESTORE_MARKER).exists(), committed, "{what}");
        let store = reopen(dir.path(), false, &what);
        assert_eq!(&rows(&store), if committed { &old } else { &now }, "{what}");
        for staged in [RESTORING, KEY_RESTORING, RESTORE_MARKER] {
            assert!(!dir.path().join(staged).exists(), "{what}: {staged}");
        }
    }
}

#[test]
fn the_shared_store_restores_a_copy_and_stays_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = prepared(dir.path(), true);
    let copy = store.backup_now(day(0)).unwrap();
    let old = rows(&store);
    save(&mut store, "written after the copy");
    let now = rows(&store);
    drop(store);
    let shared = SharedStore::open(Some(dir.path().to_path_buf()));
    shared.unlock(&Passphrase::from(PASSPHRASE)).unwrap();
    let db = fs::read(dir.path().join(DB_FILE)).unwrap();
    let missing = shared.restore_backup("tend-daily-20200101T000000000Z.db", None, day(1));
    assert_eq!(missing.unwrap_err().kind, ErrorKind::NotFound);
    assert_eq!(fs::read(dir.path().join(DB_FILE)).unwrap(), db, "nothing changed");

    shared.restore_backup(&copy.id, None, day(1)).unwrap();
    assert!(!shared.privacy().locked);
    assert_eq!(shared.read(|store| Ok(rows(store))).unwrap(), old);
    let kept = list_backups(dir.path())
        .into_iter()
        .find(|b| b.kind == BackupKind::BeforeRestore)
        .unwrap();
    assert!(kept.encrypted);
    // Going back to the copy kept before the restore brings the later words back.
    shared.restore_backup(&kept.id, None, day(2)).unwrap();
    assert_eq!(shared.read(|store| Ok(rows(store))).unwrap(), now);
    drop(shared);
    drop(reopen(dir.path(), true, "after restoring twice"));
}

#[test]
fn a_copy_under_another_key_needs_its_passphrase_and_comes_back_under_the_one_of_now() {
    // A copy from another Tend, encrypted under its own key, put in this one's backup folder.
    let theirs = tempfile::tempdir().unwrap();
    let mut store = prepared(theirs.path(), true);
    save(&mut store, "from the other computer");
    let copy = store.backup_now(day(0)).unwrap();
    let expected = rows(&store);
    drop(store);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    save(&mut store, "here");
    drop(store);
    let folder = dir.path().join(BACKUP_DIR);
    fs::create_dir_all(&folder).unwrap();
    for name in [copy.id.clone(), copy.id.replace(".db", ".key")] {
        fs::copy(theirs.path().join(BACKUP_DIR).join(&name), folder.join(&name)).unwrap();
    }
    let db = fs::read(dir.path().join(DB_FILE)).unwrap();
    let error = restore_backup(dir.path(), &copy.id, None, None, day(1)).unwrap_err();
    assert!(matches!(error, Error::BackupNotOpened), "{error}");
    assert_eq!(error.kind(), ErrorKind::NotAccepted);
    let error = restore_backup(dir.path(), &copy.id, None, Some(&Passphrase::from("not it")), day(1)).unwrap_err();
    assert!(matches!(error, Error::BackupNotOpened), "{error}");
    assert_eq!(fs::read(dir.path().join(DB_FILE)).unwrap(), db, "nothing changed");
    assert_eq!(list_backups(dir.path()).len(), 1, "no copy taken either");

    restore_backup(dir.path(), &copy.id, None, Some(&Passphrase::from(PASSPHRASE)), day(1)).unwrap();
    // This Tend has no passphrase, and a restore doesn't set one: the words come back plain.
    let store = reopen(dir.path(), false, "restored from another key");
    assert_eq!(rows(&store), expected);
}
