//! The logs hold the app's life and its errors, never a person's words: a marker is written
//! through every flow of the real app — check-ins, edits, deletes, journal entries and their
//! tags, search (with FTS5 and SQL syntax), prompts, drafts, preferences, a passphrase set and
//! removed, and malformed input of every kind, since a parse error echoes what it was given —
//! and then every log file is searched for it. The logs must be there (a life line at start
//! and at quitting) for the search to mean anything, and hold nothing at info level beyond
//! the app's life, so no line tells when the person wrote.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use tend_test_support::{Desktop, app_binary, files_under, unique};

/// Messages at info level: the app's life, and nothing else.
const LIFE: [&str; 3] = ["Tend started", "the store at start", "Tend is quitting"];

/// Every call a person's words can reach, each with the marker `m` inside, and malformed
/// versions of them. Answers each call's outcome, so the test knows they ran.
const FLOWS: &str = r#"
const [m, done] = arguments;
const invoke = window.__TAURI_INTERNALS__.invoke;
const outcomes = [];
const call = async (command, args) => {
  try { const value = await invoke(command, args); outcomes.push('ok'); return value; }
  catch (error) { outcomes.push(typeof error === 'string' ? 'refused' : error.kind); return null; }
};
const checkIn = (note) => ({
  together_minutes: 30, activities: [m], presence: 'fully', partner_shared: true,
  partner_asked: m, unsaid: m, feelings: [m], partner_seemed: m, note,
});
(async () => {
  const saved = await call('save_check_in', { checkIn: checkIn(m) });
  if (saved) {
    await call('update_check_in', { id: saved.id, checkIn: checkIn(m + ' edited') });
    await call('delete_check_in', { id: saved.id });
    await call('restore_check_in', { id: saved.id });
  }
  await call('save_check_in', { checkIn: checkIn(m.repeat(5000)) });
  await call('save_check_in', { checkIn: { ...checkIn(m), together_minutes: m } });
  await call('save_check_in', { checkIn: { ...checkIn(m), together_minutes: 99999 } });
  await call('save_check_in', { checkIn: { ...checkIn(m), presence: m } });
  await call('save_check_in', { checkIn: m });
  const entry = await call('save_entry', { id: null, draft: { title: m, body: '# ' + m + '\n<script>' + m + '</script>', tags: [m], check_in_id: null } });
  if (entry) {
    await call('save_entry', { id: entry.id, draft: { title: m, body: m + ' autosaved', tags: [m], check_in_id: null } });
    await call('delete_entry', { id: entry.id });
  }
  await call('save_entry', { id: null, draft: { title: m.repeat(100), body: m, tags: [], check_in_id: null } });
  await call('save_entry', { id: null, draft: { title: m, body: m, tags: [m.repeat(10)], check_in_id: 1e18 } });
  for (const text of [m, '"' + m + ' AND (', m + '*) OR NEAR(', "'; DROP TABLE check_in; --" + m, m + '\u0000', '{' + m + '}:x']) {
    await call('search', { query: { text, tag: null, from: null, to: null } });
  }
  await call('search', { query: { text: m, tag: m, from: m, to: null } });
  await call('add_prompt', { practice: 'listen', text: m });
  await call('add_prompt', { practice: m, text: m });
  await call('set_prompt_hidden', { key: m, hidden: true });
  await call('keep_check_in_draft', { answers: m });
  await call('remember_place', { place: m });
  await call('check_ins_on', { date: m });
  await call('calendar_month', { year: m, month: 13 });
  await call('timeline', { after: { created_at: m, id: 1 } });
  await call('journal', { after: { created_at: m, id: -1 } });
  await call('set_preferences', { preferences: { questions: [m], on_this_day: true, privacy_offered: true, auto_lock_minutes: 5 } });
  await call('set_reminders', { settings: m });
  await call('pause_reminders', { choice: m });
  await call('unlock', { passphrase: m });
  await call('set_passphrase', { passphrase: m + ' as a passphrase' });
  await call('change_passphrase', { current: m, passphrase: m + ' another' });
  await call('remove_passphrase', { current: m + ' as a passphrase' });
  await call('recover', { how: m });
  done(outcomes);
})();
"#;

fn log_files(home: &Path) -> Vec<PathBuf> {
    files_under(home)
        .into_iter()
        .filter(|p| p.components().any(|c| c.as_os_str() == "logs"))
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn no_word_written_through_any_flow_reaches_the_logs() {
    let desktop = Desktop::start();
    let data = tempfile::tempdir().unwrap();
    let marker = unique("LOGMARKER");
    let app = desktop.launch(&app_binary(), data.path()).await;
    app.displayed("form[data-testid=check-in-form]").await;
    let outcomes = app
        .client
        .execute_async(FLOWS, vec![serde_json::json!(marker)])
        .await
        .unwrap();
    let outcomes: Vec<String> = serde_json::from_value(outcomes).unwrap();
    assert!(outcomes.len() >= 35, "every flow ran: {outcomes:?}");
    assert!(outcomes.iter().filter(|o| *o == "ok").count() >= 10, "{outcomes:?}");
    assert!(outcomes.iter().any(|o| o == "invalid_input"), "{outcomes:?}");
    app.quit().await;

    let files = log_files(desktop.home.path());
    assert!(!files.is_empty(), "Tend wrote logs in its log directory");
    // The log folder, and the app's folder it was made in, are private.
    {
        use std::os::unix::fs::PermissionsExt;
        let logs = files[0].parent().unwrap();
        for dir in [logs, logs.parent().unwrap()] {
            let mode = std::fs::metadata(dir).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{} is private", dir.display());
        }
    }
    let mut lines = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        assert!(
            !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
            "{} holds the person's words",
            file.display()
        );
        lines.extend(String::from_utf8(bytes).unwrap().lines().map(str::to_owned));
    }
    for message in LIFE {
        assert!(
            lines.iter().any(|line| line.contains(message)),
            "the logs say '{message}': {lines:#?}"
        );
    }
    for line in &lines {
        let event: serde_json::Value = serde_json::from_str(line).unwrap();
        let level = event["level"].as_str().unwrap_or_default();
        let message = event["fields"]["message"].as_str().unwrap_or_default();
        assert!(
            level == "WARN" || level == "ERROR" || LIFE.contains(&message),
            "only the app's life and its errors are logged: {line}"
        );
    }
}
