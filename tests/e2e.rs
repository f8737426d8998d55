//! End-to-end tests of the real app in its real webview: WebDriver types and clicks as a person
//! would, in a fresh data directory on a private display and bus. Earlier history is written
//! with the production store before launch (`seed`), as earlier use of the app would leave it.
//!
//! With `TEND_SCREENSHOTS=DIR` set, each test also saves the screens it reaches there.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;

use chrono::{Datelike, Local, Months};
use tend_core::store::BACKUP_DIR;
use tend_core::{NewCheckIn, Store};
use tend_test_support::{App, Desktop, app_binary, eventually, files_containing, seed, unique};

const FORM: &str = "form[data-testid=check-in-form]";
const ENTRY: &str = "article.entry";
const ENTRY_NOTE: &str = "article.entry .history-note";
const EDIT_FORM: &str = "form[data-testid=edit-form]";

fn note(text: &str) -> NewCheckIn {
    NewCheckIn::note(text)
}

/// Every answer of the full check-in shows on its card in the timeline.
async fn shows_full_check_in(app: &App, words: &str, unsaid: &str) {
    app.click("button[name=nav-history]").await;
    app.shows(ENTRY_NOTE, words).await;
    app.shows("article.entry .together", "40 minutes together · Walk by the river")
        .await;
    app.shows("article.entry .presence", "Fully there").await;
    assert_eq!(
        app.texts("article.entry .feelings li").await,
        ["calm", "hopeful", "a little shy"]
    );
    app.shows("article.entry .private", &format!("Not said yet (private): {unsaid}"))
        .await;
    app.shows("article.entry .line", "They asked: To put my phone away at dinner")
        .await;
    app.shows("article.entry .line", "They seemed: Lighter").await;
    app.shows("article.entry .line", "Your partner shared something with you.")
        .await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_full_check_in_is_kept_across_a_restart_and_nowhere_else() {
    let app_path = app_binary();
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let words = unique("We walked to the bakery together");
    let unsaid = unique("I still haven't told her about March");

    let app = desktop.launch(&app_path, data.path()).await;
    app.type_into("#check-in-minutes", "40").await;
    app.type_into("#check-in-activities-own", "Walk by the river\u{E007}")
        .await;
    app.click("button[name=presence-fully]").await;
    app.click("button[name=shared-yes]").await;
    app.type_into("#check-in-asked", "To put my phone away at dinner").await;
    app.type_into("#check-in-unsaid", &unsaid).await;
    app.click_text("#check-in-feelings .chip", "calm").await;
    app.click_text("#check-in-feelings .chip", "hopeful").await;
    app.type_into("#check-in-feelings-own", "a little shy\u{E007}").await;
    app.type_into("#check-in-seemed", "Lighter").await;
    app.type_into("#check-in-note", &words).await;
    // Answers not saved yet outlive the form: Tend keeps them while it runs (and so while its
    // window is closed), so going elsewhere and coming back finds every one.
    app.click("button[name=nav-history]").await;
    app.click("button[name=nav-check-in]").await;
    eventually("the unsaved answers to come back", || async {
        let note = app.displayed("#check-in-note").await.prop("value").await.ok()??;
        (note == words).then_some(())
    })
    .await;
    let asked = app.displayed("#check-in-asked").await.prop("value").await.unwrap();
    assert_eq!(asked.as_deref(), Some("To put my phone away at dinner"));
    app.screenshot("check-in-filled").await;
    app.click(&format!("{FORM} button[name=save]")).await;
    app.shows(&format!("{FORM} .status"), "Saved. You can find it in your history.")
        .await;
    assert_eq!(
        app.displayed("#check-in-note")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some(""),
        "the form is ready for the next one"
    );
    shows_full_check_in(&app, &words, &unsaid).await;
    app.quit().await;

    let app = desktop.launch(&app_path, data.path()).await;
    shows_full_check_in(&app, &words, &unsaid).await;
    app.screenshot("timeline-after-restart").await;
    app.quit().await;

    // The words live in SQLite and nowhere else: not in WebKit's storage, caches or logs. The
    // database's own copies (its daily backup, in backups/) are the database too.
    let is_database = |p: &Path| {
        let in_data = p.starts_with(data.path())
            && p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("tend.db"));
        let a_copy = p.starts_with(data.path().join(BACKUP_DIR))
            && p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("tend-daily-"));
        in_data || a_copy
    };
    for secret in [&words, &unsaid] {
        let leaked = files_containing(desktop.home.path(), secret.as_bytes(), &is_database);
        assert!(leaked.is_empty(), "user text found outside the database: {leaked:?}");
        let elsewhere = files_containing(data.path(), secret.as_bytes(), &is_database);
        assert!(elsewhere.is_empty(), "user text outside tend.db: {elsewhere:?}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_empty_check_in_gets_a_gentle_word_and_saves_nothing() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click(&format!("{FORM} button[name=save]")).await;
    app.shows(
        &format!("{FORM} .problem"),
        "There's nothing to save yet. When you're ready, answer any question or write a few words.",
    )
    .await;
    app.click("button[name=nav-history]").await;
    app.displayed(".empty").await;
    assert!(app.texts(ENTRY).await.is_empty());
    app.screenshot("timeline-empty").await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn an_edit_is_saved() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let before = unique("First draft of the evening");
    let after = unique("What really happened this evening");
    let id = seed(data.path(), &[(0, note(&before))])[0].id;

    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click("button[name=nav-history]").await;
    app.shows(ENTRY_NOTE, &before).await;
    app.click("article.entry button[name=edit]").await;
    app.replace_text(&format!("{EDIT_FORM} textarea[name=note]"), &after)
        .await;
    app.click_text(&format!("{EDIT_FORM} .chip"), "steady").await;
    app.screenshot("edit").await;
    app.click(&format!("{EDIT_FORM} button[name=save]")).await;
    app.shows(ENTRY_NOTE, &after).await;
    app.shows("article.entry .edited", "edited").await;
    assert_eq!(app.texts("article.entry .feelings li").await, ["steady"]);
    app.quit().await;

    let store = Store::open(data.path()).unwrap();
    let edited = store.check_in(id).unwrap();
    assert_eq!(edited.note, after);
    assert_eq!(edited.feelings, ["steady"]);
    assert!(edited.updated_at.is_some());
}

#[tokio::test(flavor = "current_thread")]
async fn a_delete_can_be_undone() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let words = unique("Keep this one after all");
    seed(data.path(), &[(0, note("an earlier one")), (0, note(&words))]);

    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click("button[name=nav-history]").await;
    app.shows(ENTRY_NOTE, &words).await;
    app.click("article.entry button[name=delete]").await;
    app.no_longer_shows(ENTRY_NOTE, &words).await;
    app.shows(".toast span", "Check-in deleted.").await;
    app.screenshot("delete-undo").await;
    app.click(".toast button[name=undo]").await;
    app.shows(ENTRY_NOTE, &words).await;
    assert_eq!(
        app.texts(ENTRY_NOTE).await,
        [words.clone(), "an earlier one".to_owned()]
    );
    app.count_becomes(".toast", 0).await;
    app.quit().await;

    // Still there after the app's own purge at the next start.
    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click("button[name=nav-history]").await;
    app.shows(ENTRY_NOTE, &words).await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_kept_delete_leaves_no_trace_in_the_files() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let words = unique("Something I would rather not keep");
    seed(data.path(), &[(1, note("stays")), (0, note(&words))]);

    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click("button[name=nav-history]").await;
    app.shows(ENTRY_NOTE, &words).await;
    app.click("article.entry button[name=delete]").await;
    app.no_longer_shows(ENTRY_NOTE, &words).await;
    app.count_becomes(".toast", 0).await;
    // The app purges once the undo window has passed, with no restart: the words leave the
    // database and its WAL while it keeps running.
    let files = ["tend.db", "tend.db-wal"].map(|f| data.path().join(f));
    eventually("the deleted words to leave the database files", || async {
        let holds = files
            .iter()
            .any(|f| std::fs::read(f).is_ok_and(|bytes| bytes.windows(words.len()).any(|w| w == words.as_bytes())));
        (!holds).then_some(())
    })
    .await;
    app.shows(ENTRY_NOTE, "stays").await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_calendar_marks_only_days_with_check_ins() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let today = Local::now().date_naive();
    // Far enough back to skip the whole previous month, which stays empty.
    let back = i64::from(today.day()) + 35;
    let seeded = seed(
        data.path(),
        &[
            (0, note("morning words")),
            (0, note("evening words")),
            (back, note("from a while ago")),
        ],
    );
    let (today_date, earlier_date) = (seeded[0].local_date.clone(), seeded[2].local_date.clone());

    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click("button[name=nav-history]").await;
    app.click("button[name=calendar]").await;
    app.count_becomes(".has-check-ins", 1).await;
    let marked = app.displayed(".has-check-ins").await;
    assert_eq!(
        marked.attr("data-date").await.unwrap().as_deref(),
        Some(today_date.as_str())
    );
    assert!(
        marked
            .attr("aria-label")
            .await
            .unwrap()
            .unwrap()
            .ends_with("2 check-ins"),
        "the day says how many check-ins it holds"
    );
    marked.click().await.unwrap();
    app.shows(".day-view .history-note", "morning words").await;
    app.shows(".day-view .history-note", "evening words").await;
    app.screenshot("calendar-day").await;

    // The month before: nothing marked, nothing said about it.
    app.click("button[name=previous-month]").await;
    app.count_becomes(".has-check-ins", 0).await;
    assert!(app.texts(".calendar .day").await.len() >= 28);
    assert!(app.texts(".day-view").await.is_empty());
    app.screenshot("calendar-empty-month").await;

    // Further back, the earlier check-in's day.
    let earlier = chrono::NaiveDate::parse_from_str(&earlier_date, "%Y-%m-%d").unwrap();
    while app
        .texts(&format!("[data-date=\"{}\"]", earlier.with_day(1).unwrap()))
        .await
        .is_empty()
    {
        app.click("button[name=previous-month]").await;
    }
    app.count_becomes(".has-check-ins", 1).await;
    let marked = app.displayed(".has-check-ins").await;
    assert_eq!(
        marked.attr("data-date").await.unwrap().as_deref(),
        Some(earlier_date.as_str())
    );
    app.click("button[name=this-month]").await;
    app.count_becomes(".has-check-ins", 1).await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_timeline_loads_earlier_check_ins_as_you_scroll() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let many: Vec<(i64, NewCheckIn)> = (0..75).map(|i| (i / 3, note(&format!("check-in {i}")))).collect();
    seed(data.path(), &many);

    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click("button[name=nav-history]").await;
    app.count_becomes(ENTRY, 30).await;
    app.screenshot("timeline").await;
    // Scrolling to the end brings the next page, as a person's scrolling would.
    for expected in [60, 75] {
        app.client
            .execute("window.scrollTo(0, document.body.scrollHeight)", vec![])
            .await
            .unwrap();
        app.count_becomes(ENTRY, expected).await;
    }
    app.count_becomes("button[name=more]", 0).await;
    let notes = app.texts(ENTRY_NOTE).await;
    // Newest day first; three share each instant, and the later-saved one comes first.
    let mut order: Vec<i64> = (0..75).collect();
    order.sort_by_key(|i| (i / 3, -i));
    let expected: Vec<String> = order.iter().map(|i| format!("check-in {i}")).collect();
    assert_eq!(notes, expected, "newest first, each once");
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn insights_show_time_together_patterns_and_on_this_day_when_chosen() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let today = Local::now().date_naive();
    let together = |minutes: i64, activity: &str, feeling: &str| NewCheckIn {
        together_minutes: Some(minutes),
        activities: vec![activity.into()],
        feelings: vec![feeling.into()],
        ..NewCheckIn::default()
    };
    let mut history = vec![
        (0, together(30, "Cooking", "calm")),
        (3, together(45, "Cooking", "calm")),
        (5, together(20, "Walk", "calm")),
        (8, together(0, "Phone call", "tense")),
        (9, together(0, "Phone call", "tense")),
        (11, together(0, "Phone call", "calm")),
    ];
    let remembered = unique("What we said a month ago");
    if let Some(month_ago) = today
        .checked_sub_months(Months::new(1))
        .filter(|d| d.day() == today.day())
    {
        history.push(((today - month_ago).num_days(), note(&remembered)));
    }
    seed(data.path(), &history);

    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click("button[name=nav-insights]").await;
    app.shows(
        "[data-testid=patterns] li",
        "On days with time together, you more often noted feeling calm.",
    )
    .await;
    app.shows(
        "[data-testid=patterns] li",
        "There isn't enough yet to see a pattern around feeling fully there. One may appear here in time.",
    )
    .await;
    assert_eq!(app.texts("[data-testid=activities] li").await[0], "Phone call");
    assert!(
        app.texts(".memories li").await.is_empty(),
        "On this day is off until chosen"
    );
    app.click("input[name=on-this-day]").await;
    if history.len() > 6 {
        app.shows(".memories li span[dir]", &remembered).await;
    }
    app.screenshot("insights").await;
    app.quit().await;
    assert!(Store::open(data.path()).unwrap().preferences().unwrap().on_this_day);
}
