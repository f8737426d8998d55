//! Storage in trouble, with real parts: a small tmpfs that fills or is remounted read-only
//! (root is needed to mount it; CI runs as root, and without it these tests fail loudly rather
//! than skip), and a real damaged file, opened by the real app.
//!
//! - A full disk during any write says so gently, changes nothing half-way, and leaves the
//!   database whole, with every word saved before it.
//! - A damaged database opens a calm recovery screen; the damaged files stay byte for byte as
//!   they were (hashed while the screen is up), and "Bring back what can be read" does.
//! - A read-only disk opens Tend read-only, with a banner, and everything saved readable.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Duration, FixedOffset, Local, Utc};
use sha2::{Digest, Sha256};
use tend_core::journal::EntryDraft;
use tend_core::store::recover::DAMAGED_DIR;
use tend_core::store::{DB_FILE, DraftKind};
use tend_core::{ErrorKind, NewCheckIn, Store};
use tend_test_support::disk::SmallDisk;
use tend_test_support::{Desktop, app_binary, seed};

const FORM: &str = "form[data-testid=check-in-form]";
const HISTORY_NOTE: &str = "article.entry .history-note";

fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset()
}

fn integrity(dir: &Path) -> String {
    Store::open(dir)
        .unwrap()
        .connection()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap()
}

/// Tries `write` until the full disk refuses it (pages already allocated can take a few
/// writes), and answers the refusal's kind and words.
fn refused<T>(what: &str, mut write: impl FnMut(usize) -> tend_core::Result<T>) -> (ErrorKind, String) {
    for attempt in 0..200 {
        if let Err(error) = write(attempt) {
            let answer = tend_core::CommandError::from(&error);
            return (answer.kind, answer.message);
        }
    }
    panic!("{what} kept succeeding on a full disk");
}

fn entry(body: String) -> EntryDraft {
    EntryDraft {
        title: "On a full disk".into(),
        body,
        tags: vec![],
        check_in_id: None,
    }
}

const PASSPHRASE: &str = "the long way round the park";

/// Sets [`PASSPHRASE`] on the store in `dir` (creating it if there is none yet).
fn encrypt(dir: &Path) {
    Store::open(dir)
        .unwrap()
        .encrypt(&tend_core::vault::Passphrase::new(PASSPHRASE.into()).unwrap())
        .unwrap();
}

/// The store in `dir`, under [`PASSPHRASE`] when `encrypted`.
fn open_store(dir: &Path, encrypted: bool) -> Store {
    if encrypted {
        tend_core::store::convert::unlock(dir, &tend_core::vault::Passphrase::given(PASSPHRASE.into())).unwrap()
    } else {
        Store::open(dir).unwrap()
    }
}

#[test]
fn every_kind_of_write_on_a_full_disk_is_refused_gently_and_the_database_stays_whole() {
    full_disk_writes(false);
}

#[test]
fn with_a_passphrase_every_write_on_a_full_disk_is_refused_gently_too() {
    full_disk_writes(true);
}

fn full_disk_writes(encrypted: bool) {
    let disk = SmallDisk::mount("4m");
    let dir = disk.path.join("tend");
    if encrypted {
        encrypt(&dir);
    }
    let mut store = open_store(&dir, encrypted);
    let saved: Vec<i64> = (0..20)
        .map(|i| {
            store
                .save_check_in(&NewCheckIn::note(format!("saved while there was room {i}.")), now())
                .unwrap()
                .id
        })
        .collect();
    let kept_entry = store
        .save_entry(None, &entry("written with room".into()), now())
        .unwrap();
    // Two deleted long enough ago to be purged.
    let long_ago = Utc::now() - Duration::hours(1);
    store.delete_check_in(saved[0], long_ago).unwrap();
    store.delete_check_in(saved[1], long_ago).unwrap();
    disk.fill();

    let long_note = "a long evening of words ".repeat(800);
    let long_body = "a page of the journal ".repeat(40_000);
    let kinds = [
        (
            "a check-in",
            refused("a check-in", |i| {
                store.save_check_in(&NewCheckIn::note(format!("{long_note}{i}")), now())
            }),
        ),
        (
            "a journal entry",
            refused("a journal entry", |i| {
                store.save_entry(None, &entry(format!("{long_body}{i}")), now())
            }),
        ),
        (
            "an autosave",
            refused("an autosave", |i| {
                store.save_entry(Some(kept_entry.id), &entry(format!("{long_body}{i}")), now())
            }),
        ),
        (
            "a check-in draft",
            refused("a check-in draft", |i| {
                store.keep_draft(DraftKind::CheckIn, Some(&format!("{long_body}{i}")), Utc::now())
            }),
        ),
    ];
    for (what, (kind, message)) in &kinds {
        assert_eq!(*kind, ErrorKind::Storage, "{what}: {message}");
        assert!(message.contains("disk is full"), "{what} says why, gently: {message}");
    }
    // A purge on a full disk either has the room it needs or says so; either way nothing is
    // lost and nothing is left half-done.
    if let Err(error) = store.purge_deleted(None) {
        assert_eq!(
            tend_core::CommandError::from(&error).kind,
            ErrorKind::Storage,
            "{error}"
        );
    }
    drop(store);

    disk.free();
    let store = open_store(&dir, encrypted);
    let ok: String = store
        .connection()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let notes: Vec<String> = store
        .timeline(None, 100)
        .unwrap()
        .check_ins
        .into_iter()
        .map(|c| c.note)
        .collect();
    for i in 2..20 {
        assert!(
            notes.contains(&format!("saved while there was room {i}.")),
            "check-in {i} is still there: {notes:?}"
        );
    }
    assert!(
        notes.iter().all(|n| !n.starts_with("a long evening")),
        "no refused check-in was half-kept"
    );
    assert_eq!(store.entry(kept_entry.id).unwrap().body, "written with room");
    // The two deleted before the disk filled are purged now, and their words are in no file.
    assert!(!notes.iter().any(|n| n.ends_with("room 0.") || n.ends_with("room 1.")));
    drop(store);
    if !encrypted {
        for name in ["tend.db", "tend.db-wal"] {
            for gone in ["saved while there was room 0.", "saved while there was room 1."] {
                assert!(!holds(&dir.join(name), gone), "{gone} is still in {name}");
            }
        }
    }
}

#[test]
fn an_older_database_on_a_full_disk_is_left_as_it_was_and_migrates_once_there_is_room() {
    let disk = SmallDisk::mount("4m");
    let dir = disk.path.join("tend");
    std::fs::create_dir(&dir).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/tend-core/tests/fixtures/v1.sql");
    sqlite3(&dir.join(DB_FILE), &std::fs::read_to_string(fixture).unwrap());
    let before = std::fs::read(dir.join(DB_FILE)).unwrap();
    disk.fill();

    let error = Store::open(&dir).unwrap_err();
    let answer = tend_core::CommandError::from(&error);
    assert_eq!(answer.kind, ErrorKind::Storage, "{error}");
    assert!(answer.message.contains("disk is full"), "{}", answer.message);
    assert_eq!(
        std::fs::read(dir.join(DB_FILE)).unwrap(),
        before,
        "the older database is as it was"
    );

    // Opened by the app, it waits with "Try again", which works once there is room.
    let shared = tend_core::SharedStore::open(Some(dir.clone()));
    assert!(
        matches!(shared.storage(), tend_core::Storage::Unavailable { retry: true, .. }),
        "{:?}",
        shared.storage()
    );
    assert_eq!(shared.retry_open(), shared.storage(), "still full: still waiting");
    disk.free();
    assert_eq!(shared.retry_open(), tend_core::Storage::Open);
    drop(shared);
    let store = Store::open(&dir).unwrap();
    assert!(
        store
            .timeline(None, 100)
            .unwrap()
            .check_ins
            .iter()
            .any(|c| c.note == "We cooked dinner together and talked."),
        "the older check-ins came through the migration"
    );
    drop(store);
    assert_eq!(integrity(&dir), "ok");
}

/// Runs `sql` on the database at `path` with the sqlite3 tool, answering what it printed.
fn sqlite3(path: &Path, sql: &str) -> String {
    let mut child = Command::new("sqlite3")
        .arg(path)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sqlite3 runs (scripts/setup installs it)");
    child.stdin.take().unwrap().write_all(sql.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "sqlite3 took the SQL");
    String::from_utf8(out.stdout).unwrap()
}

fn numbered(i: usize) -> String {
    format!("we walked to the bridge and back, talking, evening {i:03}")
}

fn hashes(dir: &Path) -> Vec<Option<Vec<u8>>> {
    ["tend.db", "tend.db-wal", "tend.db-shm"]
        .iter()
        .map(|name| std::fs::read(dir.join(name)).ok().map(|b| Sha256::digest(b).to_vec()))
        .collect()
}

/// Random bytes over the page holding check-in 150's words and over the middle page.
/// The file offset of a leaf page in the middle of the check-in table (in rowid order): some
/// check-ins' rows, neither the first nor the newest. Asked of SQLite itself (`dbstat`), so the
/// test doesn't depend on where a schema's tables happen to fall in the file.
fn middle_check_in_page(dir: &Path, encrypted: bool) -> u64 {
    let store = open_store(dir, encrypted);
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
    assert!(leaves.len() >= 3, "the check-ins take several pages: {leaves:?}");
    (leaves[leaves.len() / 2].1 as u64 - 1) * 4096
}

fn damage(dir: &Path) {
    let middle = middle_check_in_page(dir, false);
    let path = dir.join(DB_FILE);
    let bytes = std::fs::read(&path).unwrap();
    let needle = numbered(150).into_bytes();
    // Every page holding check-in 150's words: its row's, and the search index's copy of them
    // (whichever comes first in the file), so a page of the check-in table itself is hit.
    let mut pages: Vec<usize> = bytes
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle.as_slice())
        .map(|(at, _)| at / 4096)
        .collect();
    assert!(!pages.is_empty(), "check-in 150 is in tend.db");
    pages.push((middle / 4096) as usize);
    pages.sort_unstable();
    pages.dedup();
    let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    for page in pages {
        file.seek(SeekFrom::Start((page * 4096) as u64)).unwrap();
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        file.write_all(&noise).unwrap();
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_damaged_database_opens_a_calm_recovery_screen_and_what_can_be_read_comes_back() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let check_ins: Vec<(i64, NewCheckIn)> = (0..300).map(|i| (0, NewCheckIn::note(numbered(i)))).collect();
    seed(data.path(), &check_ins);
    damage(data.path());
    let before = hashes(data.path());

    let app = desktop.launch(&app_binary(), data.path()).await;
    app.displayed("[data-testid=storage-needs_recovery]").await;
    app.screenshot("storage-needs-recovery").await;
    assert_eq!(
        hashes(data.path()),
        before,
        "opening and checking left all three files byte for byte"
    );
    // Nothing of the person's words is asked for while it waits.
    assert!(app.client.find(fantoccini::Locator::Css(FORM)).await.is_err());

    app.click("button[name=recover-salvage]").await;
    let said = app.displayed("[data-testid=recovered]").await.text().await.unwrap();
    app.screenshot("storage-recovered").await;
    let brought: usize = said
        .split_whitespace()
        .find_map(|word| word.parse().ok())
        .unwrap_or_else(|| panic!("the screen says how many came back: {said}"));
    assert!(
        (250..300).contains(&brought),
        "most check-ins came back, not all: {said}"
    );

    // The damaged files are kept aside, as they were.
    let kept: Vec<_> = std::fs::read_dir(data.path().join(DAMAGED_DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(hashes(&kept[0])[0], before[0], "the damaged tend.db is kept unchanged");

    app.click("button[name=open-tend]").await;
    app.displayed(FORM).await;
    app.click("button[name=nav-history]").await;
    app.shows(HISTORY_NOTE, &numbered(299)).await;
    app.quit().await;
    assert_eq!(integrity(data.path()), "ok");
}

#[tokio::test(flavor = "current_thread")]
async fn a_read_only_disk_opens_tend_read_only_with_a_banner_and_everything_readable() {
    let disk = SmallDisk::mount("16m");
    let dir = disk.path.join("tend");
    seed(
        &dir,
        &[(1, NewCheckIn::note("words saved before the disk went read-only"))],
    );
    let before = hashes(&dir);
    disk.read_only(true);

    let desktop = Desktop::start();
    let app = desktop.launch(&app_binary(), &dir).await;
    app.shows_part("[data-testid=read-only]", "can only read your notes")
        .await;
    app.screenshot("storage-read-only-banner").await;
    app.type_into("#check-in-note", "words that can't be kept just now")
        .await;
    app.click(&format!("{FORM} button[name=save]")).await;
    app.shows_part(&format!("{FORM} .problem"), "can only read your notes just now")
        .await;
    // The words stay in the form.
    let typed = app.displayed("#check-in-note").await.prop("value").await.unwrap();
    assert_eq!(typed.as_deref(), Some("words that can't be kept just now"));
    app.screenshot("storage-read-only-save").await;
    app.click("button[name=nav-history]").await;
    app.shows(HISTORY_NOTE, "words saved before the disk went read-only")
        .await;
    app.quit().await;

    disk.read_only(false);
    assert_eq!(hashes(&dir)[0], before[0], "nothing was written to the read-only disk");
}

fn holds(path: &Path, words: &str) -> bool {
    std::fs::read(path).is_ok_and(|bytes| bytes.windows(words.len()).any(|w| w == words.as_bytes()))
}

fn wal_len(dir: &Path) -> u64 {
    std::fs::metadata(dir.join("tend.db-wal")).map_or(0, |m| m.len())
}

#[tokio::test(flavor = "current_thread")]
async fn what_is_saved_reaches_tend_db_at_a_quiet_moment_and_the_log_is_gone_at_quitting() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let words = tend_test_support::unique("an evening we spent cooking together");
    let app = desktop
        .launch_with(&app_binary(), data.path(), &[("TEND_CHECKPOINT_SECONDS", "1")])
        .await;
    app.type_into("#check-in-note", &words).await;
    app.click(&format!("{FORM} button[name=save]")).await;
    app.shows(&format!("{FORM} .status"), "Saved. You can find it in your history.")
        .await;
    // While Tend runs: once nothing has been written for a moment, the log is emptied into
    // the file, so `tend.db` alone holds the words.
    tend_test_support::eventually("the words to reach tend.db", || async {
        (holds(&data.path().join(DB_FILE), &words) && wal_len(data.path()) == 0).then_some(())
    })
    .await;
    app.quit().await;
    assert!(
        !data.path().join("tend.db-wal").exists() && !data.path().join("tend.db-shm").exists(),
        "the connection closed at quitting, and the log with it"
    );
    assert!(holds(&data.path().join(DB_FILE), &words));
}

#[tokio::test(flavor = "current_thread")]
async fn notes_from_a_newer_tend_get_a_calm_screen_with_no_retry_and_are_left_untouched() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    seed(data.path(), &[(0, NewCheckIn::note("words a newer Tend will read"))]);
    sqlite3(&data.path().join(DB_FILE), "PRAGMA user_version = 999;");
    let before = hashes(data.path());

    let app = desktop.launch(&app_binary(), data.path()).await;
    app.shows_part("[data-testid=storage-problem]", "saved by a newer version of Tend")
        .await;
    app.screenshot("storage-newer").await;
    // Trying again can't help, so it isn't offered; and nothing else of Tend is on the page.
    assert!(
        app.client
            .find(fantoccini::Locator::Css("button[name=retry-open]"))
            .await
            .is_err()
    );
    assert!(app.client.find(fantoccini::Locator::Css(FORM)).await.is_err());
    app.quit().await;
    assert_eq!(hashes(data.path()), before, "the newer notes are as they were");
}

#[test]
fn tend_makes_only_the_folders_it_creates_private() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;

    // A folder the person chose and made: its permissions are theirs.
    let chosen = parent.path().join("chosen");
    std::fs::create_dir(&chosen).unwrap();
    std::fs::set_permissions(&chosen, std::fs::Permissions::from_mode(0o750)).unwrap();
    drop(Store::open(&chosen).unwrap());
    assert_eq!(mode(&chosen), 0o750, "an existing folder keeps its mode");
    assert_eq!(mode(&chosen.join(DB_FILE)), 0o600, "the database itself is private");

    // One Tend makes is private from the start.
    let made = parent.path().join("made/by/tend");
    drop(Store::open(&made).unwrap());
    assert_eq!(mode(&made), 0o700);
}

#[tokio::test(flavor = "current_thread")]
async fn with_a_passphrase_damage_is_found_after_unlocking_and_salvaged_under_the_key() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let check_ins: Vec<(i64, NewCheckIn)> = (0..300).map(|i| (0, NewCheckIn::note(numbered(i)))).collect();
    seed(data.path(), &check_ins);
    encrypt(data.path());
    // An encrypted page can't be found by its words: one in the middle of the check-ins is
    // damaged.
    let middle = middle_check_in_page(data.path(), true);
    let path = data.path().join(DB_FILE);
    let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.seek(SeekFrom::Start(middle)).unwrap();
    file.write_all(&[0x5a; 4096]).unwrap();
    drop(file);
    let before = hashes(data.path());

    let app = desktop.launch(&app_binary(), data.path()).await;
    app.type_into("#lock-secret", PASSPHRASE).await;
    app.click("button[name=unlock]").await;
    app.displayed("[data-testid=storage-needs_recovery]").await;
    assert_eq!(hashes(data.path()), before, "unlocking and checking wrote nothing");
    app.click("button[name=recover-salvage]").await;
    app.displayed("[data-testid=recovered]").await;
    app.click("button[name=open-tend]").await;
    app.click("button[name=nav-history]").await;
    app.shows(HISTORY_NOTE, &numbered(299)).await;
    app.quit().await;
    // What came back is still under the passphrase.
    assert!(
        Store::open(data.path()).is_err(),
        "it doesn't open without the passphrase"
    );
    let kept = tend_core::store::convert::unlock(data.path(), &tend_core::vault::Passphrase::given(PASSPHRASE.into()))
        .unwrap();
    let ok: String = kept
        .connection()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}
/// Frees exactly `bytes` on a filled disk, by shortening the filler.
fn leave_free(disk: &SmallDisk, bytes: u64) {
    let filler = disk.path.join("filler");
    let file = std::fs::OpenOptions::new().write(true).open(&filler).unwrap();
    let len = file.metadata().unwrap().len();
    file.set_len(len.saturating_sub(bytes)).unwrap();
}

#[test]
fn a_disk_that_fills_at_any_step_of_a_migration_leaves_the_older_database_whole() {
    let disk = SmallDisk::mount("8m");
    let dir = disk.path.join("tend");
    std::fs::create_dir(&dir).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/tend-core/tests/fixtures/v1.sql");
    let mut sql = std::fs::read_to_string(fixture).unwrap();
    // Enough older check-ins that each step (the check's copy, the backup, the migration
    // itself) needs room of its own.
    sql.push_str(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
         INSERT INTO check_in (created_at, utc_offset_min, note)
         SELECT strftime('%Y-%m-%dT%H:%M:%S.000Z', '2025-01-01', '+' || i || ' hours'), 60,
                'an older evening, written before the migration, number ' || i FROM n;",
    );
    sqlite3(&dir.join(DB_FILE), &sql);
    let expected: i64 = sqlite3(&dir.join(DB_FILE), "SELECT count(*) FROM check_in;")
        .trim()
        .parse()
        .unwrap();
    let older = std::fs::read(dir.join(DB_FILE)).unwrap();
    let size = older.len() as u64;

    let (mut refused, mut after_backup) = (0, 0);
    let mut slack = 0;
    loop {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                std::fs::remove_dir_all(&path).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
        }
        std::fs::write(dir.join(DB_FILE), &older).unwrap();
        disk.fill();
        leave_free(&disk, slack);
        let opened = Store::open(&dir);
        let backed_up = dir
            .join(tend_core::store::BACKUP_DIR)
            .read_dir()
            .is_ok_and(|mut d| d.next().is_some());
        disk.free();
        match opened {
            Ok(store) => {
                drop(store);
                break;
            }
            Err(error) => {
                let answer = tend_core::CommandError::from(&error);
                assert_eq!(answer.kind, ErrorKind::Storage, "with {slack} bytes free: {error}");
                assert!(
                    answer.message.contains("disk is full"),
                    "with {slack} bytes free ({backed_up}): {error:?}"
                );
                refused += 1;
                after_backup += usize::from(backed_up);
            }
        }
        // With room again it opens, migrated, every older check-in there.
        let store = Store::open(&dir).unwrap();
        let count: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM check_in", [], |row| row.get(0))
            .unwrap();
        assert_eq!(count, expected, "with {slack} bytes free first");
        drop(store);
        assert_eq!(integrity(&dir), "ok");
        slack += 32 * 1024;
        assert!(slack < 6 * size + 1024 * 1024, "the migration never found room");
    }
    eprintln!("a migration tried on a full disk at {refused} sizes of free room ({after_backup} after its backup)");
    assert!(refused > 3, "the disk filled at several steps ({refused})");
    assert!(
        after_backup > 0,
        "the migration itself met the full disk, after its backup"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn with_a_passphrase_a_read_only_disk_unlocks_into_tend_read_only() {
    let disk = SmallDisk::mount("16m");
    let dir = disk.path.join("tend");
    seed(&dir, &[(1, NewCheckIn::note("words kept under the passphrase"))]);
    encrypt(&dir);
    let before = hashes(&dir);
    disk.read_only(true);

    let desktop = Desktop::start();
    let app = desktop.launch(&app_binary(), &dir).await;
    app.type_into("#lock-secret", PASSPHRASE).await;
    app.click("button[name=unlock]").await;
    app.shows_part("[data-testid=read-only]", "can only read your notes")
        .await;
    app.screenshot("storage-read-only-unlocked").await;
    app.click("button[name=nav-history]").await;
    app.shows(HISTORY_NOTE, "words kept under the passphrase").await;
    app.quit().await;
    disk.read_only(false);
    assert_eq!(hashes(&dir)[0], before[0], "nothing was written");
}

#[tokio::test(flavor = "current_thread")]
async fn a_disk_gone_read_only_after_a_crash_opens_read_only_with_the_words_in_its_log() {
    let disk = SmallDisk::mount("16m");
    let dir = disk.path.join("tend");
    seed(&dir, &[(2, NewCheckIn::note("words checkpointed into the file"))]);
    let mut store = Store::open(&dir).unwrap();
    store
        .save_check_in(&NewCheckIn::note("words only in the log when it crashed"), now())
        .unwrap();
    // Closed as a crash leaves it: no checkpoint, so the log and its index stay.
    store
        .connection()
        .set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .unwrap();
    drop(store);
    assert!(wal_len(&dir) > 0 && dir.join("tend.db-shm").exists());
    disk.read_only(true);
    assert_eq!(
        tend_core::SharedStore::open(Some(dir.clone())).storage(),
        tend_core::Storage::ReadOnly
    );

    let desktop = Desktop::start();
    let app = desktop.launch(&app_binary(), &dir).await;
    app.shows_part("[data-testid=read-only]", "can only read your notes")
        .await;
    app.click("button[name=nav-history]").await;
    app.shows(HISTORY_NOTE, "words only in the log when it crashed").await;
    app.shows(HISTORY_NOTE, "words checkpointed into the file").await;
    app.quit().await;
    disk.read_only(false);
}

#[tokio::test(flavor = "current_thread")]
async fn a_damaged_database_can_go_back_to_the_copy_tend_made_before_migrating() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/tend-core/tests/fixtures/v1.sql");
    sqlite3(&data.path().join(DB_FILE), &std::fs::read_to_string(fixture).unwrap());
    // Opening the older database takes a copy into backups/ before migrating it; then more.
    let check_ins: Vec<(i64, NewCheckIn)> = (0..300).map(|i| (0, NewCheckIn::note(numbered(i)))).collect();
    seed(data.path(), &check_ins);
    damage(data.path());
    let before = hashes(data.path());

    let app = desktop.launch(&app_binary(), data.path()).await;
    app.shows_part("button[name=recover-backup]", "Go back to the copy from")
        .await;
    app.screenshot("storage-needs-recovery-with-backup").await;
    assert_eq!(hashes(data.path()), before);
    app.click("button[name=recover-backup]").await;
    app.displayed("[data-testid=recovered]").await;
    app.click("button[name=open-tend]").await;
    app.click("button[name=nav-history]").await;
    app.shows(HISTORY_NOTE, "We cooked dinner together and talked.").await;
    app.quit().await;
    assert_eq!(integrity(data.path()), "ok");
}
