//! The passphrase in the real app: the first-start offer, choosing a passphrase in Privacy, the
//! recovery key shown once, locking (the button, Ctrl+L), a passphrase that doesn't open Tend
//! (the files stay byte-identical), unlocking, the recovery key with a new passphrase after it,
//! and turning the passphrase off again — each ending with every word there, and with no word
//! in the clear in the data directory while a passphrase is set.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use tend_test_support::{App, Desktop, app_binary, files_containing, files_under, unique};

const FORM: &str = "form[data-testid=check-in-form]";
const PASSPHRASE: &str = "a quiet walk home";
const BODY: &str = "[data-testid=journal-editor] .cm-content";

async fn choose_passphrase(app: &App, passphrase: &str) {
    app.type_into("#new-passphrase", passphrase).await;
    app.type_into("#new-passphrase-again", passphrase).await;
    app.click("button[name=choose-passphrase]").await;
}

async fn locked(app: &App) {
    app.shows("#lock-heading", "Tend is locked").await;
}

async fn unlock(app: &App, passphrase: &str) {
    app.type_into("#lock-secret", passphrase).await;
    app.click("button[name=unlock]").await;
}

async fn history_shows(app: &App, words: &str) {
    app.click("button[name=nav-history]").await;
    app.shows("article.entry .history-note", words).await;
}

fn words_in_clear(data: &Path, words: &str) -> Vec<std::path::PathBuf> {
    files_containing(data, words.as_bytes(), &|_| false)
}

fn snapshot(data: &Path) -> (Vec<u8>, Vec<u8>) {
    (
        std::fs::read(data.join("tend.db")).unwrap(),
        std::fs::read(data.join("tend.key")).unwrap(),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn a_passphrase_protects_locks_unlocks_recovers_and_can_be_let_go() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let words = unique("We sat on the steps and talked");
    let app = desktop.launch(&app_binary(), data.path()).await;

    // A check-in before any passphrase: its words are in the data directory in the clear.
    app.displayed("[data-testid=privacy-offer]").await;
    app.screenshot("privacy-offer").await;
    app.type_into("#check-in-note", &words).await;
    app.click(&format!("{FORM} button[name=save]")).await;
    app.shows(&format!("{FORM} .status"), "Saved. You can find it in your history.")
        .await;
    assert!(!words_in_clear(data.path(), &words).is_empty(), "visible before");

    // The offer leads to Privacy, which says plainly what a passphrase means.
    app.click("button[name=offer-passphrase]").await;
    app.shows_part(".notice", "nothing can be read — by anyone, including us")
        .await;
    app.screenshot("privacy-screen").await;
    app.type_into("#new-passphrase", "short").await;
    app.type_into("#new-passphrase-again", "short").await;
    app.click("button[name=choose-passphrase]").await;
    app.shows_part(".problem", "at least 8 characters").await;
    app.replace_text("#new-passphrase", PASSPHRASE).await;
    app.replace_text("#new-passphrase-again", PASSPHRASE).await;
    app.click("button[name=choose-passphrase]").await;
    let key = app
        .displayed("[data-testid=recovery-key] .key")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(key.len(), 39, "eight groups of four: {key}");
    app.screenshot("recovery-key").await;
    app.click("button[name=recovery-key-kept]").await;
    app.shows("#protected-heading", "Your words are encrypted").await;
    app.screenshot("privacy-protected").await;
    assert_eq!(words_in_clear(data.path(), &words), Vec::<std::path::PathBuf>::new());

    // Lock now: the page starts afresh on the lock screen, with none of the words on it.
    app.click("button[name=lock-now]").await;
    locked(&app).await;
    app.screenshot("lock-screen").await;
    let page = app.client.source().await.unwrap();
    assert!(!page.contains(&words), "no word on the locked page");

    // A passphrase that isn't it: a gentle line, and not one byte changes.
    let before = snapshot(data.path());
    unlock(&app, "a quiet walk").await;
    app.shows_part("[role=alert]", "didn't open Tend").await;
    assert!(
        snapshot(data.path()) == before,
        "the database and key file are byte-identical"
    );

    app.replace_text("#lock-secret", PASSPHRASE).await;
    app.click("button[name=unlock]").await;
    history_shows(&app, &words).await;

    // Ctrl+L locks too.
    app.click("button[name=nav-check-in]").await;
    let note = app.displayed("#check-in-note").await;
    note.send_keys("\u{E009}l\u{E000}").await.unwrap();
    locked(&app).await;

    // The recovery key opens Tend, then asks for a new passphrase.
    app.click("button[name=use-recovery]").await;
    app.type_into("#lock-secret", &key.to_lowercase()).await;
    app.click("button[name=unlock]").await;
    choose_passphrase(&app, "the long way round").await;
    history_shows(&app, &words).await;

    // The new passphrase is the one now. Changed again in Privacy (the current one first),
    // the last one opens Tend; then it is let go, and every word is still there.
    app.click("button[name=nav-privacy]").await;
    app.click("button[name=lock-now]").await;
    locked(&app).await;
    unlock(&app, "the long way round").await;
    app.click("button[name=nav-privacy]").await;
    let files = || ["tend.db", "tend.db-wal"].map(|f| std::fs::read(data.path().join(f)).unwrap_or_default());
    let db = files();
    app.type_into("#current-passphrase", "the long way round").await;
    choose_passphrase(&app, "home by the river").await;
    app.shows_part(".status", "Your new passphrase is set").await;
    assert!(files() == db, "only the key file changed, not the database or its WAL");
    app.click("button[name=lock-now]").await;
    locked(&app).await;
    unlock(&app, "the long way round").await;
    app.shows_part("[role=alert]", "didn't open Tend").await;
    app.replace_text("#lock-secret", "home by the river").await;
    app.click("button[name=unlock]").await;
    app.click("button[name=nav-privacy]").await;
    app.type_into("#off-passphrase", "home by the river").await;
    app.click("button[name=remove-passphrase]").await;
    app.shows_part(".status", "no longer asks for a passphrase").await;
    assert!(!data.path().join("tend.key").exists());
    history_shows(&app, &words).await;
    app.quit().await;
}

/// Writes `marker` everywhere a person's words go: every answer of a check-in (the private
/// "not said yet" one too), a journal entry's title, body and tag, a search, a prompt of their
/// own, and an entry then deleted.
async fn write_marker_everywhere(app: &App, marker: &str) {
    app.click("button[name=nav-check-in]").await;
    app.type_into("#check-in-minutes", "25").await;
    app.type_into("#check-in-activities-own", &format!("{marker} walk\u{E007}"))
        .await;
    app.click("button[name=shared-yes]").await;
    app.type_into("#check-in-asked", &format!("{marker} asked")).await;
    app.type_into("#check-in-unsaid", &format!("{marker} unsaid")).await;
    app.type_into("#check-in-feelings-own", &format!("{marker} feeling\u{E007}"))
        .await;
    app.type_into("#check-in-seemed", &format!("{marker} seemed")).await;
    app.type_into("#check-in-note", &format!("{marker} note")).await;
    app.click(&format!("{FORM} button[name=save]")).await;
    app.shows(&format!("{FORM} .status"), "Saved. You can find it in your history.")
        .await;

    app.click("button[name=nav-journal]").await;
    app.click("button[name=new-entry]").await;
    app.type_into("#entry-title", &format!("{marker} title")).await;
    app.type_into(BODY, &format!("{marker} body")).await;
    app.type_into("#entry-tags", &format!("{marker}tag")).await;
    app.shows("[data-testid=journal-editor] .status", "Saved").await;
    app.click("button[name=done]").await;
    app.click("button[name=back]").await;

    app.click("button[name=new-entry]").await;
    app.type_into(BODY, &format!("{marker} to be deleted")).await;
    app.shows("[data-testid=journal-editor] .status", "Saved").await;
    app.click("button[name=done]").await;
    app.click("button[name=delete-entry]").await;
    app.shows(".toast span", "Entry deleted.").await;

    app.replace_text("#journal-search", marker).await;
    app.displayed("button.search-hit").await;

    app.click("button[name=prompts]").await;
    app.type_into("#prompt-text", &format!("{marker} prompt")).await;
    app.click("button[name=add-prompt]").await;
    app.shows_part(".group li span[dir]", &format!("{marker} prompt")).await;

    // A reminder line of the person's own: kept readable in reminders.json, so reminders can
    // come while Tend is locked (Reminders says so).
    app.click("button[name=nav-reminders]").await;
    app.type_into("textarea[name=lines-quality_time]", &format!("{marker} reminder"))
        .await;
    app.click("button[name=save-reminders]").await;
    app.shows("[role=status]", "Saved.").await;
}

/// Every file under the session's HOME (its temporary directory included) and the data
/// directory that holds `marker`.
fn marker_files(desktop: &Desktop, data: &Path, marker: &str) -> Vec<std::path::PathBuf> {
    let mut found = files_containing(desktop.home.path(), marker.as_bytes(), &|_| false);
    found.extend(files_containing(data, marker.as_bytes(), &|_| false));
    found
}

#[tokio::test(flavor = "current_thread")]
async fn with_a_passphrase_no_word_is_left_in_the_clear_anywhere() {
    for passphrase in [false, true] {
        let desktop = Desktop::start();
        let data = tempfile::tempdir().unwrap();
        let marker = unique("tendmarker").replace([' ', '-'], "");
        let app = desktop.launch(&app_binary(), data.path()).await;

        // No process of Tend's, WebKit's included, may write a core file.
        for (pid, name) in app.processes() {
            let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
            let core = limits.lines().find(|l| l.starts_with("Max core file size")).unwrap();
            let fields: Vec<&str> = core.split_whitespace().collect();
            assert_eq!(&fields[4..6], ["0", "0"], "{name} ({pid}): {core}");
        }

        if passphrase {
            app.click("button[name=nav-privacy]").await;
            choose_passphrase(&app, PASSPHRASE).await;
            app.click("button[name=recovery-key-kept]").await;
            app.shows("#protected-heading", "Your words are encrypted").await;
        }
        write_marker_everywhere(&app, &marker).await;
        app.quit().await;

        let mut found = marker_files(&desktop, data.path(), &marker);
        // Exactly one file may hold the marker with a passphrase on: the reminder line's.
        let reminders = data.path().join("reminders.json");
        assert!(
            found.contains(&reminders),
            "the reminder line is kept for reminders: {found:?}"
        );
        found.retain(|f| *f != reminders);
        // WebKit keeps nothing on disk: whatever it writes is in the runtime directory (memory).
        let on_disk: Vec<_> = files_under(desktop.home.path())
            .into_iter()
            .filter(|p| {
                !p.starts_with(desktop.home.path().join("run")) && !p.starts_with(desktop.home.path().join("tmp"))
            })
            .collect();
        eprintln!("files on disk under HOME: {on_disk:#?}");
        assert!(
            on_disk
                .iter()
                .all(|p| !p.to_string_lossy().to_lowercase().contains("webkit")
                    && !p.components().any(|c| c.as_os_str() == "webview")),
            "WebKit wrote to disk: {on_disk:#?}"
        );
        if passphrase {
            assert_eq!(found, Vec::<std::path::PathBuf>::new(), "with a passphrase");
        } else {
            // The search can fail: without a passphrase the words are in the database.
            assert!(
                found.iter().any(|f| f.starts_with(data.path())),
                "without a passphrase the marker is found: {found:?}"
            );
            assert!(
                found.iter().all(|f| f.starts_with(data.path())),
                "only ever in the data directory: {found:?}"
            );
        }
    }
}

/// Sets a passphrase through Privacy and leaves the recovery key's card.
async fn with_passphrase(app: &App) {
    app.click("button[name=nav-privacy]").await;
    choose_passphrase(app, PASSPHRASE).await;
    app.click("button[name=recovery-key-kept]").await;
    app.shows("#protected-heading", "Your words are encrypted").await;
}

/// Words typed into the check-in and not saved yet are saved when Tend locks.
async fn unsaved_note(app: &App, words: &str) {
    app.click("button[name=nav-check-in]").await;
    app.type_into("#check-in-note", words).await;
}

#[tokio::test(flavor = "current_thread")]
async fn sleep_a_locked_session_and_the_tray_each_lock_tend_with_every_word_kept() {
    use tend_test_support::login1::Login1;
    use tend_test_support::tray::TrayHost;
    let desktop = Desktop::start();
    let logind = Login1::start(&desktop.system_bus);
    let tray = TrayHost::start(&desktop.bus).await;
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    with_passphrase(&app).await;

    // Going to sleep: the check-in's unsaved words are kept (as a draft), then Tend locks.
    let words = unique("Before the lid closed");
    unsaved_note(&app, &words).await;
    logind.prepare_for_sleep(true);
    locked(&app).await;
    logind.prepare_for_sleep(false);
    unlock(&app, PASSPHRASE).await;
    app.click("button[name=nav-check-in]").await;
    tend_test_support::eventually("the words to be there after unlocking", || async {
        let note = app.displayed("#check-in-note").await.prop("value").await.ok()??;
        (note == words).then_some(())
    })
    .await;

    // The session locking.
    logind.lock_session();
    locked(&app).await;
    unlock(&app, PASSPHRASE).await;
    app.displayed("#check-in-note").await;

    // "Lock Tend" in the tray.
    tray.click("Lock Tend").await;
    locked(&app).await;
    unlock(&app, PASSPHRASE).await;
    app.displayed("#check-in-note").await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn tend_locks_by_itself_after_the_idle_time() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    // The test's shortened idle time; a person chooses minutes in Privacy.
    let app = desktop
        .launch_with(&app_binary(), data.path(), &[("TEND_AUTO_LOCK_SECONDS", "3")])
        .await;
    with_passphrase(&app).await;
    let chosen = app.displayed("#auto-lock").await.prop("value").await.unwrap();
    assert_eq!(chosen.as_deref(), Some("5"), "five minutes unless the person chooses");
    // Left alone, it locks.
    locked(&app).await;
    unlock(&app, PASSPHRASE).await;
    // Input in the window starts the count again: typing for twice the idle time keeps it open.
    app.click("button[name=nav-check-in]").await;
    let note = app.displayed("#check-in-note").await;
    let typing_until = std::time::Instant::now() + std::time::Duration::from_secs(6);
    while std::time::Instant::now() < typing_until {
        note.send_keys("a").await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(
        app.client
            .find(tend_test_support::fantoccini::Locator::Css("#lock-heading"))
            .await
            .is_err(),
        "still open while typing"
    );
    // Then left alone again, it locks again, with the typing kept.
    locked(&app).await;
    unlock(&app, PASSPHRASE).await;
    app.click("button[name=nav-check-in]").await;
    tend_test_support::eventually("the typing to be kept", || async {
        let typed = app.displayed("#check-in-note").await.prop("value").await.ok()??;
        typed.starts_with("aaaa").then_some(())
    })
    .await;
    app.quit().await;
}

/// Whether the app process holds `tend.db` open.
fn holds_database(pid: u32, data: &Path) -> bool {
    let db = data.join("tend.db");
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|fds| {
            fds.flatten()
                .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|p| p == db))
        })
        .unwrap_or(false)
}

#[tokio::test(flavor = "current_thread")]
async fn closing_the_window_locks_tend_and_the_key_goes_with_it() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    with_passphrase(&app).await;
    let words = unique("Said at the door");
    unsaved_note(&app, &words).await;
    assert!(holds_database(app.pid, data.path()), "open while unlocked");

    app.request_close();
    app.window_gone().await;
    // The store's connection is closed (so its key is dropped) while Tend runs on for reminders.
    tend_test_support::eventually("the database to be closed", || async {
        (!holds_database(app.pid, data.path())).then_some(())
    })
    .await;
    assert!(tend_test_support::is_running(app.pid));
    app.terminate().await;

    // The words typed before closing were kept, encrypted: the next start is locked, and the
    // passphrase finds them.
    let store =
        tend_core::store::convert::unlock(data.path(), &tend_core::vault::Passphrase::from(PASSPHRASE)).unwrap();
    let draft = store
        .draft(tend_core::store::DraftKind::CheckIn)
        .unwrap()
        .unwrap_or_default();
    assert!(draft.contains(&words), "the unsaved words were kept: {draft}");
}
