//! End-to-end tests of the journal in the real app: writing with the real editor, tags, search
//! in several scripts, editing, deleting; the draft that survives SIGKILL; and payloads that
//! must never run wherever an entry's words are shown.
//!
//! With `TEND_SCREENSHOTS=DIR` set, each test also saves the screens it reaches there.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Local;
use tend_core::journal::EntryDraft;
use tend_core::search::SearchQuery;
use tend_core::{NewCheckIn, Store};
use tend_test_support::{App, Desktop, app_binary, eventually, seed, unique};

const BODY: &str = "[data-testid=journal-editor] .cm-content";

async fn open_journal(app: &App) {
    app.click("button[name=nav-journal]").await;
}

async fn search_for(app: &App, text: &str) {
    app.replace_text("#journal-search", text).await;
}

#[tokio::test(flavor = "current_thread")]
async fn an_entry_is_written_tagged_found_edited_and_deleted() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let title = unique("By the river");
    seed(
        data.path(),
        &[(0, NewCheckIn::note("We went for a walk along the river"))],
    );

    let app = desktop.launch(&app_binary(), data.path()).await;
    open_journal(&app).await;
    app.displayed(".empty").await;
    app.screenshot("journal-empty").await;
    app.click("button[name=new-entry]").await;
    app.type_into("#entry-title", &title).await;
    app.type_into(
        BODY,
        "We walked by the **river** and talked.\u{E007}\u{E007}今天我们一起散步。",
    )
    .await;
    app.type_into("#entry-tags", "walks, 家族").await;
    app.shows("[data-testid=journal-editor] .count", "8 words").await;
    app.shows("[data-testid=journal-editor] .status", "Saved").await;
    app.screenshot("journal-editor").await;
    app.click("button[name=done]").await;
    app.shows(".entry-view .entry-body strong", "river").await;
    app.shows(".entry-view h2", &title).await;
    assert_eq!(app.texts(".entry-view .tag").await, ["walks", "家族"]);
    app.screenshot("journal-entry").await;

    app.click("button[name=back]").await;
    app.shows(".journal-item .title", &title).await;
    app.screenshot("journal-list").await;

    // Search finds it by a two-character Chinese word, and finds the check-in by its note.
    search_for(&app, "散步").await;
    app.count_becomes(".search-hit", 1).await;
    app.shows(".search-hit mark", "散步").await;
    search_for(&app, "river").await;
    app.count_becomes(".search-hit", 2).await;
    app.shows(".search-hit .when", "Check-in · Today").await;
    app.screenshot("journal-search").await;
    // The tag filter narrows it to the journal.
    app.click("#journal-tag").await;
    app.click("#journal-tag option[value=walks]").await;
    app.count_becomes(".search-hit", 1).await;

    // Edit: open it from the results and add a line.
    app.click("button.search-hit").await;
    app.click("button[name=edit-entry]").await;
    app.type_into(BODY, "\u{E007}\u{E007}A heron watched us.").await;
    app.shows("[data-testid=journal-editor] .status", "Saved").await;
    app.click("button[name=done]").await;
    app.shows(".entry-view .entry-body p", "A heron watched us.").await;

    // Delete: gone from the list and from search, with an undo offered.
    app.click("button[name=delete-entry]").await;
    app.shows(".toast span", "Entry deleted.").await;
    app.no_longer_shows(".journal-item .title", &title).await;

    // A prompt starts an entry with the prompt quoted; a prompt can be hidden.
    app.click("button[name=prompts]").await;
    app.displayed("#prompts-heading").await;
    app.screenshot("journal-prompts").await;
    let first_prompt = app.texts(".group li span[dir]").await[0].clone();
    app.click(".group li button[name=hide-prompt]").await;
    app.no_longer_shows(".group li span[dir]", &first_prompt).await;
    let prompt = app.texts(".group li span[dir]").await[0].clone();
    app.click(".group li button[name=write-about]").await;
    app.type_into(BODY, "Writing to the prompt.").await;
    app.click("button[name=done]").await;
    app.shows(".entry-view .entry-body blockquote", &prompt).await;

    // "Write more" on a check-in starts an entry linked to it.
    app.click("button[name=nav-history]").await;
    app.click("article.entry button[name=write-more]").await;
    app.type_into(BODY, "More about that walk.").await;
    app.click("button[name=done]").await;
    app.shows(".entry-view .linked", "says more about a check-in").await;
    app.quit().await;

    let store = Store::open(data.path()).unwrap();
    let found = store
        .search(&SearchQuery {
            text: "heron".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(found.is_empty(), "a deleted entry is not found");
}

/// Typing for over ten seconds, then SIGKILL: everything typed two seconds or more before the
/// kill is there after a restart.
#[tokio::test(flavor = "current_thread")]
async fn a_draft_survives_sigkill_mid_typing() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let app = desktop.launch(&app_binary(), data.path()).await;
    open_journal(&app).await;
    app.click("button[name=new-entry]").await;
    let editor = app.displayed(BODY).await;

    let began = Instant::now();
    let mut typed = String::new();
    let mut log: Vec<(Instant, usize)> = Vec::new();
    let mut n = 0;
    while began.elapsed() < Duration::from_secs(11) {
        let chunk = format!("w{n} ");
        editor.send_keys(&chunk).await.unwrap();
        typed.push_str(&chunk);
        log.push((Instant::now(), typed.len()));
        n += 1;
    }
    let killed_at = Instant::now();
    let status = Command::new("kill")
        .args(["-KILL", &app.pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let must_have = log
        .iter()
        .filter(|(at, _)| killed_at.duration_since(*at) >= Duration::from_secs(2))
        .map(|(_, len)| *len)
        .max()
        .unwrap();
    assert!(
        must_have > 0 && typed.len() > must_have,
        "typing went on through the kill window"
    );
    eventually("the killed app to be gone", || async {
        (!tend_test_support::is_running(app.pid)).then_some(())
    })
    .await;
    drop(app);

    let app = desktop.launch(&app_binary(), data.path()).await;
    open_journal(&app).await;
    app.displayed(".journal-item").await;
    app.click(".journal-item").await;
    let shown = app.displayed(".entry-view .entry-body").await.text().await.unwrap();
    app.quit().await;

    let entries = Store::open(data.path()).unwrap().journal(None, 10).unwrap().entries;
    assert_eq!(entries.len(), 1, "one entry, saved again and again, not one per save");
    // While the caret sits after a space at the end of a line, WebKit's editable text holds a
    // no-break space there (the next keystroke turns it back); compare it as the space typed.
    let body = &entries[0].body.replace('\u{a0}', " ");
    assert!(
        typed.starts_with(body.as_str()) && body.len() >= must_have,
        "kept {} of {} bytes; everything up to {must_have} was typed 2 s before the kill\nkept:  {body:?}\ntyped: {typed:?}",
        body.len(),
        typed.len()
    );
    assert_eq!(
        shown.replace('\u{a0}', " ").trim(),
        body.trim(),
        "the restarted app shows what was kept"
    );
}

/// Payloads from a small XSS corpus, saved as titles, tags and bodies: nothing runs in the
/// rendered entry, the list, the tags or the search snippets, and the words are still shown.
#[tokio::test(flavor = "current_thread")]
async fn payloads_never_run_and_their_text_is_still_shown() {
    const MARK: &str = "document.body.dataset.ran='yes'";
    let payloads = [
        format!("<script>{MARK}</script>"),
        format!("<img src=x onerror=\"{MARK}\">"),
        format!("<svg onload=\"{MARK}\"><circle r=4/></svg>"),
        format!("<a href=\"javascript:{MARK}\">xssLink</a>"),
        format!("[mdLink](javascript:{MARK})"),
        format!("<iframe srcdoc=\"<script>parent.{MARK}</script>\"></iframe>"),
        format!("<div onmouseover=\"{MARK}\" style=\"position:fixed;inset:0\">cover</div>"),
        format!("<<script>script>{MARK}<</script>/script>"),
    ];
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(data.path()).unwrap();
        for (i, payload) in payloads.iter().enumerate() {
            let draft = EntryDraft {
                title: format!("xsstitle{i} {payload}"),
                body: format!("xssbody{i} {payload}\n\n**still bold**"),
                // Tags are short (40 characters), so this one calls alert: were it to run, the
                // open dialog would fail every WebDriver command after it.
                tags: vec![format!("xsstag{i}<b onclick=alert(1)>")],
                check_in_id: None,
            };
            store.save_entry(None, &draft, Local::now().fixed_offset()).unwrap();
        }
    }
    let app = desktop.launch(&app_binary(), data.path()).await;
    let ran = || async {
        app.client
            .execute("return document.body.dataset.ran || null", vec![])
            .await
            .unwrap()
    };
    open_journal(&app).await;
    app.count_becomes(".journal-item", payloads.len()).await;
    // The list shows titles and tags as text, exactly.
    let titles = app.texts(".journal-item .title").await;
    for (i, payload) in payloads.iter().enumerate() {
        assert!(
            titles.contains(&format!("xsstitle{i} {payload}")),
            "title {i} shown as text"
        );
    }
    assert!(
        app.texts(".journal-item .tag")
            .await
            .iter()
            .any(|t| t.starts_with("xsstag0<b onclick"))
    );
    // Hover and click everything a payload could hide behind.
    for i in 0..payloads.len() {
        // The list is drawn afresh after each visit, so find the i-th item again.
        let items = app
            .client
            .find_all(fantoccini::Locator::Css(".journal-item"))
            .await
            .unwrap();
        items[i].click().await.unwrap();
        let body = app.displayed(".entry-view .entry-body").await;
        for a in body.find_all(fantoccini::Locator::Css("a")).await.unwrap() {
            let _ = a.click().await;
        }
        assert!(
            app.texts(".entry-view .entry-body strong")
                .await
                .contains(&"still bold".to_owned())
        );
        let inner = body.html(true).await.unwrap().to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onload",
            "onmouseover",
            "javascript:",
            "<iframe",
            "<svg",
            "<img",
        ] {
            assert!(!inner.contains(bad), "rendered body kept {bad}: {inner}");
        }
        app.click("button[name=back]").await;
        app.count_becomes(".journal-item", payloads.len()).await;
    }
    app.screenshot("journal-xss").await;
    // Search snippets show the payloads as text.
    search_for(&app, "xssbody").await;
    app.count_becomes(".search-hit", payloads.len()).await;
    let snippets = app.texts(".search-hit .snippet").await;
    assert!(
        snippets.iter().any(|s| s.contains("<script>document.body")),
        "{snippets:?}"
    );
    app.screenshot("journal-xss-search").await;
    assert_eq!(ran().await, serde_json::Value::Null, "no payload ran");
    app.quit().await;
}

/// Closing the window mid-sentence, before autosave's own timers fire, keeps the sentence.
#[tokio::test(flavor = "current_thread")]
async fn closing_the_window_saves_the_draft_first() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let words = unique("Last words before closing");
    let app = desktop.launch(&app_binary(), data.path()).await;
    open_journal(&app).await;
    app.click("button[name=new-entry]").await;
    app.type_into(BODY, &words).await;
    app.request_close();
    app.window_gone().await;
    let entries = Store::open(data.path()).unwrap().journal(None, 10).unwrap().entries;
    assert_eq!(
        entries
            .iter()
            .map(|e| e.body.replace('\u{a0}', " "))
            .collect::<Vec<_>>(),
        [words]
    );
    app.terminate().await;
}
