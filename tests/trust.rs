//! The trust-repair tools in the real app: a promise made from a check-in, kept, reopened;
//! another renegotiated and carried on with its new terms; one let go; a promise's reminder
//! arriving on the test's notification server in neutral words; a disclosure and a revisit
//! noted, and found by the journal's search.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::Duration;

use chrono::{DurationRound, Local, TimeDelta};
use tend_core::trust::PromiseState;
use tend_core::{NewCheckIn, Store};
use tend_test_support::notifications::NotificationServer;
use tend_test_support::{App, Desktop, app_binary, eventually, seed};

/// The value of the form field matching `css`, once it is `want`.
async fn field_becomes(app: &App, css: &str, want: &str) {
    eventually(&format!("{css} holding {want:?}"), || async {
        let value = app.displayed(css).await.prop("value").await.ok()??;
        (value == want).then_some(())
    })
    .await;
}

/// Scrolls the element matching `css` into view, for a screenshot of it.
async fn into_view(app: &App, css: &str) {
    app.displayed(css).await;
    app.client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap();
}

/// Writes a new promise from the ledger's own form.
async fn add_promise(app: &App, committed: &str) {
    app.replace_text("textarea[name=promise-committed]", committed).await;
    app.click("button[name=promise-save]").await;
    app.shows_part("[data-testid=promise-list]", committed).await;
}

/// Takes the step `to` of the one promise in state `from`. A step that asks for a note (`Some`,
/// perhaps empty) is written in its form, with `terms` if it asks for them; `None` is a step
/// taken at once.
async fn step(app: &App, from: &str, to: &str, note: Option<&str>, terms: Option<&str>) {
    app.click(&format!(
        "li[data-testid=promise][data-state={from}] button[name=step-{to}]"
    ))
    .await;
    if let Some(terms) = terms {
        app.replace_text("textarea[name=step-terms]", terms).await;
    }
    if let Some(note) = note {
        if !note.is_empty() {
            app.type_into("textarea[name=step-note]", note).await;
        }
        app.click("button[name=step-save]").await;
    }
    app.count_becomes("[data-testid=promise-step]", 0).await;
}

#[tokio::test(flavor = "current_thread")]
async fn promises_are_made_from_a_check_in_kept_renegotiated_let_go_and_reopened() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let check_in = seed(
        data.path(),
        &[(
            1,
            NewCheckIn {
                partner_asked: "To call when I'm running late.".into(),
                note: "A quiet evening.".into(),
                ..NewCheckIn::default()
            },
        )],
    )
    .remove(0);
    let app = desktop.launch(&app_binary(), data.path()).await;

    // One step from listening to a promise: the check-in offers it, prefilled.
    app.click("button[name=nav-history]").await;
    app.click("button[name=make-promise]").await;
    app.displayed("[data-testid=from-check-in]").await;
    field_becomes(&app, "textarea[name=promise-asked]", "To call when I'm running late.").await;
    add_promise(&app, "I'll call before I leave work.").await;
    app.shows(
        "li[data-testid=promise][data-state=open] [data-testid=promise-state]",
        "Open",
    )
    .await;
    step(&app, "open", "kept", Some("Called at six; they smiled."), None).await;
    app.shows(
        "li[data-testid=promise][data-state=kept] [data-testid=promise-state]",
        "Kept",
    )
    .await;

    // Added directly, then renegotiated: the new terms replace the old on the card.
    add_promise(&app, "Walk together on Sundays.").await;
    step(
        &app,
        "open",
        "renegotiated",
        Some("Sundays are their family day; we chose Saturdays together."),
        Some("Walk together on Saturdays."),
    )
    .await;
    app.shows(
        "li[data-testid=promise][data-state=renegotiated] [data-testid=promise-state]",
        "Changed together",
    )
    .await;
    app.shows(
        "li[data-testid=promise][data-state=renegotiated] .committed",
        "Walk together on Saturdays.",
    )
    .await;

    add_promise(&app, "Put my phone away at dinner.").await;
    step(
        &app,
        "open",
        "let_go",
        Some("We agreed to talk after dinner instead."),
        None,
    )
    .await;
    app.shows(
        "li[data-testid=promise][data-state=let_go] [data-testid=promise-state]",
        "Let go",
    )
    .await;
    add_promise(&app, "Ask how their day went, and listen.").await;
    app.count_becomes("[data-testid=promise]", 4).await;
    for state in ["open", "kept", "renegotiated", "let_go"] {
        app.count_becomes(&format!("li[data-testid=promise][data-state={state}]"), 1)
            .await;
    }
    into_view(&app, "li[data-testid=promise][data-state=renegotiated]").await;
    app.screenshot("promise-ledger").await;

    // A kept promise's story, then reopened: a new moment is added, the earlier ones stay.
    app.click("li[data-testid=promise][data-state=kept] button[name=history]")
        .await;
    app.count_becomes("[data-testid=promise-history] li", 2).await;
    app.shows_part("[data-testid=promise-history]", "You kept it").await;
    app.shows_part("[data-testid=promise-history]", "Called at six; they smiled.")
        .await;
    into_view(&app, "[data-testid=promise-history]").await;
    app.screenshot("promise-history").await;
    step(&app, "kept", "open", Some("They asked for it again."), None).await;
    app.count_becomes("[data-testid=promise-history] li", 3).await;
    app.shows_part("[data-testid=promise-history]", "You opened it again")
        .await;
    // Renegotiated, then carried on with the new terms (no note asked for).
    step(&app, "renegotiated", "open", None, None).await;
    app.count_becomes("li[data-testid=promise][data-state=open]", 3).await;
    app.quit().await;

    let store = Store::open(data.path()).unwrap();
    let promises = store.promises().unwrap();
    let story = |committed: &str| -> Vec<PromiseState> {
        let promise = promises.iter().find(|p| p.committed == committed).unwrap();
        promise.history.iter().map(|e| e.state).collect()
    };
    use PromiseState::{Kept, LetGo, Open, Renegotiated};
    assert_eq!(story("I'll call before I leave work."), [Open, Kept, Open]);
    assert_eq!(story("Walk together on Saturdays."), [Open, Renegotiated, Open]);
    assert_eq!(story("Put my phone away at dinner."), [Open, LetGo]);
    let called = promises.iter().find(|p| p.committed.starts_with("I'll call")).unwrap();
    assert_eq!(called.check_in_id, Some(check_in.id));
    assert_eq!(called.asked, "To call when I'm running late.");
}

const PASSPHRASE: &str = "a slow walk by the river";

#[tokio::test(flavor = "current_thread")]
async fn a_promises_reminder_arrives_while_tend_is_locked_saying_only_something_you_said_youd_do() {
    let desktop = Desktop::start();
    let server = NotificationServer::start(&desktop.bus);
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    // With a passphrase, so that locking takes the key away before the reminder comes.
    app.click("button[name=nav-privacy]").await;
    app.type_into("#new-passphrase", PASSPHRASE).await;
    app.type_into("#new-passphrase-again", PASSPHRASE).await;
    app.click("button[name=choose-passphrase]").await;
    app.click("button[name=recovery-key-kept]").await;
    app.displayed("#protected-heading").await;
    app.click("button[name=nav-trust]").await;
    add_promise(&app, "Bring flowers to Sam's mother.").await;

    app.click("button[name=remind]").await;
    // The next whole minute at least 15 seconds away: enough to type and save before it.
    let at = (Local::now() + TimeDelta::seconds(75))
        .duration_trunc(TimeDelta::minutes(1))
        .unwrap();
    if at.date_naive() != Local::now().date_naive() {
        // Past midnight: the day field (today, as offered) is set as the date picker would.
        app.client
            .execute(
                "const f = document.querySelector('input[name=reminder-day]'); f.value = arguments[0];
                 f.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![serde_json::json!(at.format("%Y-%m-%d").to_string())],
            )
            .await
            .unwrap();
    }
    app.replace_text("input[name=reminder-time]", &at.format("%H:%M").to_string())
        .await;
    app.click("button[name=reminder-save]").await;
    app.shows_part("[data-testid=promise-reminder]", "It will say only")
        .await;
    app.click("button[name=nav-privacy]").await;
    app.click("button[name=lock-now]").await;
    app.shows("#lock-heading", "Tend is locked").await;

    let received = server.wait_for(1, Duration::from_secs(120)).await;
    assert!(Local::now() >= at, "not before its time");
    app.shows("#lock-heading", "Tend is locked").await;
    app.screenshot("locked-as-the-reminder-came").await;
    let reminder = &received[0];
    assert_eq!(reminder.app_name, "Tend");
    assert_eq!(reminder.summary, "Something you said you'd do");
    for words in ["flowers", "Sam"] {
        assert!(!reminder.body.contains(words), "{:?}", reminder.body);
        assert!(!reminder.summary.contains(words));
    }

    // Kept, it has no reminder any more.
    app.type_into("#lock-secret", PASSPHRASE).await;
    app.click("button[name=unlock]").await;
    app.click("button[name=nav-trust]").await;
    step(&app, "open", "kept", Some(""), None).await;
    app.count_becomes("[data-testid=promise-reminder]", 0).await;
    app.quit().await;
    let settings = tend_core::reminders::ReminderSettings::load(data.path()).unwrap();
    assert!(settings.promise_reminders().is_empty(), "{:?}", settings.rules);
}

#[tokio::test(flavor = "current_thread")]
async fn a_disclosure_and_a_revisit_are_noted_and_found_by_search() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click("button[name=nav-trust]").await;
    app.displayed("[data-testid=promises-empty]").await;
    app.screenshot("promises-and-talks").await;

    app.click("button[name=tab-disclosures]").await;
    app.shows_part("[data-testid=disclosure-log]", "complete and consistent")
        .await;
    app.type_into(
        "textarea[name=disclosure-what]",
        "I told them about the messages in March.",
    )
    .await;
    // Words being written outlive a change of tab and of screen.
    app.click("button[name=tab-revisits]").await;
    app.click("button[name=nav-history]").await;
    app.click("button[name=nav-trust]").await;
    app.click("button[name=tab-disclosures]").await;
    field_becomes(
        &app,
        "textarea[name=disclosure-what]",
        "I told them about the messages in March.",
    )
    .await;
    app.type_into(
        "textarea[name=disclosure-how_taken]",
        "Quiet at first, then they asked to talk tomorrow.",
    )
    .await;
    app.type_into("textarea[name=disclosure-still_unsaid]", "How long it went on.")
        .await;
    app.click("button[name=disclosure-save]").await;
    app.count_becomes("[data-testid=disclosure]", 1).await;
    app.shows_part("[data-testid=disclosure]", "I told them about the messages in March.")
        .await;
    app.shows_part("[data-testid=disclosure]", "What's still unsaid · private")
        .await;
    field_becomes(&app, "textarea[name=disclosure-what]", "").await;
    into_view(&app, "[data-testid=disclosure]").await;
    app.screenshot("disclosure-log").await;

    app.click("button[name=tab-revisits]").await;
    app.shows_part("[data-testid=revisit-log]", "part of healing").await;
    app.type_into("textarea[name=revisit-needed]", "To hear that it was not their fault.")
        .await;
    app.type_into(
        "textarea[name=revisit-responded]",
        "I listened and said so, without explaining.",
    )
    .await;
    app.type_into(
        "textarea[name=revisit-next_time]",
        "Sit beside them, and ask what would help.",
    )
    .await;
    app.click("button[name=revisit-save]").await;
    app.count_becomes("[data-testid=revisit]", 1).await;
    app.shows_part("[data-testid=revisit]", "Sit beside them, and ask what would help.")
        .await;
    into_view(&app, "[data-testid=revisit]").await;
    app.displayed("[data-testid=revisit]").await;
    app.screenshot("revisit-log").await;

    // Half a thought, then Tend quits: the words are back in the form when it opens again.
    app.type_into("textarea[name=revisit-needed]", "Half a thought about Sunday")
        .await;
    eventually("the words to be kept", || async {
        let db = rusqlite::Connection::open_with_flags(
            data.path().join("tend.db"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .ok()?;
        let kept: String = db
            .query_row("SELECT body FROM draft WHERE kind = 'trust'", [], |row| row.get(0))
            .ok()?;
        kept.contains("Half a thought about Sunday").then_some(())
    })
    .await;
    app.quit().await;
    let app = desktop.launch(&app_binary(), data.path()).await;
    app.click("button[name=nav-trust]").await;
    app.click("button[name=tab-revisits]").await;
    field_becomes(&app, "textarea[name=revisit-needed]", "Half a thought about Sunday").await;

    // Both are found by the journal's search, and say what they are.
    app.click("button[name=nav-journal]").await;
    app.type_into("#journal-search", "messages").await;
    app.shows_part("ol[aria-label='Search results']", "What I've shared")
        .await;
    app.replace_text("#journal-search", "beside").await;
    app.shows_part("ol[aria-label='Search results']", "When it came up again")
        .await;
    app.quit().await;
}
