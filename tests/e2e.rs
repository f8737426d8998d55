//! End-to-end tests of the real app in its real webview: WebDriver types and clicks as a person
//! would (no script shortcuts), in a fresh data directory on a private display and bus.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use tend_test_support::{Desktop, app_binary, files_containing, unique};

const NOTE: &str = "#check-in-note";
const SAVE: &str = "#save-check-in";
const HISTORY_NOTE: &str = ".history-note";

#[tokio::test(flavor = "current_thread")]
async fn a_check_in_is_still_there_after_a_restart() {
    let app_path = app_binary();
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let words = unique("We walked to the bakery together");

    let app = desktop.launch(&app_path, data.path()).await;
    app.displayed(".empty").await;
    app.displayed(NOTE).await.send_keys(&words).await.unwrap();
    app.displayed(SAVE).await.click().await.unwrap();
    app.shows(HISTORY_NOTE, &words).await;
    assert_eq!(
        app.displayed(NOTE).await.prop("value").await.unwrap().as_deref(),
        Some(""),
        "the box is ready for the next one"
    );
    app.quit().await;

    let app = desktop.launch(&app_path, data.path()).await;
    app.shows(HISTORY_NOTE, &words).await;
    app.quit().await;

    // The words live in SQLite and nowhere else: not in WebKit's storage, caches or logs.
    let is_database = |p: &Path| {
        p.starts_with(data.path())
            && p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("tend.db"))
    };
    assert!(
        files_containing(data.path(), words.as_bytes(), &|_| false)
            .iter()
            .all(|p| is_database(p))
    );
    let leaked = files_containing(desktop.home.path(), words.as_bytes(), &is_database);
    assert!(leaked.is_empty(), "user text found outside the database: {leaked:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn an_empty_check_in_gets_a_gentle_word_and_saves_nothing() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    app.displayed(".empty").await;
    app.displayed(SAVE).await.click().await.unwrap();
    app.shows(
        "#check-in-problem",
        "There's nothing to save yet. When you're ready, write a few words.",
    )
    .await;
    assert!(app.texts(HISTORY_NOTE).await.is_empty());
    app.quit().await;
}
