//! Drafts in the real app: every word being written lives in the database as it is typed, and
//! when a save doesn't work out (a real full disk: a small tmpfs, filled) the words stay on
//! screen, follow the person across screens, are tried again, and the window won't close over
//! them without the person choosing.
//!
//! The full-disk test mounts a tmpfs, so it needs root (CI runs as root); without it, it fails
//! loudly rather than skip.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use tend_core::Store;
use tend_core::store::DraftKind;
use tend_test_support::disk::SmallDisk;
use tend_test_support::{App, Desktop, app_binary, eventually, is_running, unique, window_shown};

const BODY: &str = "[data-testid=journal-editor] .cm-content";

/// The kept check-in draft, read as another process would (the app keeps running).
fn kept_draft(dir: &Path) -> Option<String> {
    Store::open(dir).ok()?.draft(DraftKind::CheckIn).ok()?
}

/// A check-in being written is in the database as it is typed: a SIGKILL (no chance to save
/// anything on the way out) loses none of it.
#[tokio::test(flavor = "current_thread")]
async fn a_check_in_being_written_survives_sigkill() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let words = unique("We cooked together and I listened");
    let app = desktop.launch(&app_binary(), data.path()).await;
    app.type_into("#check-in-note", &words).await;
    app.type_into("#check-in-asked", "To call when I'm late").await;
    eventually("the draft to be kept in the database", || async {
        kept_draft(data.path())
            .filter(|d| d.contains(&words) && d.contains("To call when I'm late"))
            .map(|_| ())
    })
    .await;
    let status = Command::new("kill")
        .args(["-KILL", &app.pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    eventually("the killed app to be gone", || async {
        (!is_running(app.pid)).then_some(())
    })
    .await;
    drop(app);

    let app = desktop.launch(&app_binary(), data.path()).await;
    eventually("the answers to come back after the kill", || async {
        let note = app.displayed("#check-in-note").await.prop("value").await.ok()??;
        (note == words).then_some(())
    })
    .await;
    let asked = app.displayed("#check-in-asked").await.prop("value").await.unwrap();
    assert_eq!(asked.as_deref(), Some("To call when I'm late"));
    // Saved, the draft is done with: it doesn't come back as a second check-in.
    app.click("form[data-testid=check-in-form] button[name=save]").await;
    app.shows(
        "form[data-testid=check-in-form] .status",
        "Saved. You can find it in your history.",
    )
    .await;
    eventually("the draft to be forgotten once saved", || async {
        kept_draft(data.path()).is_none().then_some(())
    })
    .await;
    app.quit().await;
    let store = Store::open(data.path()).unwrap();
    let page = store.timeline(None, 10).unwrap();
    assert_eq!(page.check_ins.len(), 1, "one check-in, not a second from its draft");
}

async fn editor_text(app: &App) -> String {
    app.displayed(BODY).await.text().await.unwrap().replace('\u{a0}', " ")
}

#[tokio::test(flavor = "current_thread")]
async fn a_full_disk_keeps_the_words_on_screen_across_screens_and_at_closing() {
    let disk = SmallDisk::mount("1m");
    let desktop = Desktop::start();
    let before = unique("Written while there was room");
    let after = "and these words came after the disk filled";
    let app = desktop.launch(&app_binary(), &disk.path).await;
    app.click("button[name=nav-journal]").await;
    app.click("button[name=new-entry]").await;
    app.type_into(BODY, &before).await;
    app.shows("[data-testid=journal-editor] .status", "Saved").await;

    disk.fill();
    app.type_into(BODY, &format!(" {after}")).await;
    eventually("a line saying the save didn't work out", || async {
        let problems = app.texts("[data-testid=journal-editor] .problem").await;
        problems.iter().any(|p| !p.is_empty()).then_some(())
    })
    .await;
    app.screenshot("drafts-disk-full").await;

    // Going elsewhere and back: the words are still on screen, and still being tried.
    app.click("button[name=nav-history]").await;
    app.displayed(".history").await;
    app.click("button[name=nav-journal]").await;
    eventually("the unsaved words to be back on screen", || async {
        let text = editor_text(&app).await;
        (text.contains(&before) && text.contains(after)).then_some(())
    })
    .await;
    // The line says what happened, about the computer; the status, that Tend tries again.
    app.shows_part("[data-testid=journal-editor] .problem", "disk is full")
        .await;
    app.shows("[data-testid=journal-editor] .status", "Not saved yet — trying again")
        .await;

    // Closing: the save doesn't work out, so the window stays and the person chooses.
    app.request_close();
    app.displayed("[data-testid=close-choice]").await;
    assert!(
        window_shown(&desktop.display),
        "the window stays open over unsaved words"
    );
    app.screenshot("drafts-close-choice").await;
    app.click("button[name=keep-trying]").await;
    app.displayed("[data-testid=close-choice] button[name=keep-trying]:not([disabled])")
        .await;
    assert!(window_shown(&desktop.display), "still open: the disk is still full");

    // With room again, "Keep trying" saves every word and the window closes.
    disk.free();
    app.click("button[name=keep-trying]").await;
    app.window_gone().await;
    let entries = Store::open(&disk.path).unwrap().journal(None, 10).unwrap().entries;
    let bodies: Vec<String> = entries.iter().map(|e| e.body.replace('\u{a0}', " ")).collect();
    assert_eq!(bodies, [format!("{before} {after}")], "every word, once");
    let check = Store::open(&disk.path).unwrap();
    let ok: String = check
        .connection()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    app.terminate().await;
}
