//! The commands, called the way the window calls them (through Tauri's IPC), on Tauri's mock
//! runtime: no window, no display. The store's states each answer gently.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use serde_json::{Value, json};
use tauri::Manager;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};
use tend_app::Tend;
use tend_core::StoreState;

fn app(dir: &std::path::Path) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = mock_builder()
        .invoke_handler(tend_app::commands::handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    let tend = tend_app::open(app.handle(), Some(dir.to_path_buf()), None, std::time::Instant::now());
    app.manage(tend);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, window)
}

/// Calls `cmd` with `args` as the window would, and answers what the window would receive.
fn call(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap())
}

fn a_check_in(note: &str) -> Value {
    json!({ "checkIn": {
        "together_minutes": 30, "activities": [], "presence": null, "partner_shared": null,
        "partner_asked": "", "unsaid": "", "feelings": [], "partner_seemed": "", "note": note,
    }})
}

#[test]
fn each_state_of_the_store_answers_gently_and_changes_nothing_it_should_not() {
    let dir = tempfile::tempdir().unwrap();
    let (app, window) = app(dir.path());
    let tend = app.state::<Tend>();

    // Open: it saves and reads.
    let saved = call(&window, "save_check_in", a_check_in("a quiet walk")).unwrap();
    assert_eq!(saved["note"], "a quiet walk");
    let page = call(&window, "timeline", json!({})).unwrap();
    assert_eq!(page["check_ins"].as_array().unwrap().len(), 1);

    // Bad input: a clear, gentle error, and nothing changes.
    let error = call(&window, "save_check_in", a_check_in(&"x".repeat(20_001))).unwrap_err();
    assert_eq!(error["kind"], "invalid_input", "{error}");
    assert!(tend_core::tone::findings(error["message"].as_str().unwrap()).is_empty());

    // Read-only: reading still works; a write is refused and changes nothing.
    let StoreState::Open(store) = tend.store.replace(StoreState::Locked) else {
        panic!("the store was open")
    };
    tend.store.replace(StoreState::ReadOnly(store));
    assert_eq!(
        call(&window, "timeline", json!({})).unwrap()["check_ins"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let error = call(&window, "save_check_in", a_check_in("not now")).unwrap_err();
    assert_eq!(error["kind"], "read_only", "{error}");

    // Locked, or waiting for recovery: neither reads nor writes, each with its own words.
    let StoreState::ReadOnly(store) = tend.store.replace(StoreState::Locked) else {
        panic!("the store was read-only")
    };
    for (state, kind) in [
        (StoreState::Locked, "locked"),
        (StoreState::NeedsRecovery, "needs_recovery"),
    ] {
        tend.store.replace(state);
        for (cmd, args) in [("timeline", json!({})), ("save_check_in", a_check_in("later"))] {
            let error = call(&window, cmd, args).unwrap_err();
            assert_eq!(error["kind"], kind, "{cmd}: {error}");
            let words = error["message"].as_str().unwrap();
            assert!(
                !words.is_empty() && tend_core::tone::findings(words).is_empty(),
                "{words}"
            );
        }
    }

    // Open again: exactly what was saved, nothing the refused calls tried.
    tend.store.replace(StoreState::Open(store));
    let page = call(&window, "timeline", json!({})).unwrap();
    let notes: Vec<&str> = page["check_ins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["a quiet walk"]);
}

#[test]
fn without_a_data_directory_every_command_says_so_gently() {
    let app = mock_builder()
        .invoke_handler(tend_app::commands::handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    let tend = tend_app::open(app.handle(), None, None, std::time::Instant::now());
    app.manage(tend);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let error = call(&window, "journal", json!({})).unwrap_err();
    assert_eq!(error["kind"], "storage", "{error}");
    assert!(error["message"].as_str().unwrap().contains("folder"), "{error}");
}

/// Values no window of Tend's would send, but a damaged page or a hostile one might.
fn hostile_values() -> Vec<Value> {
    let mut values: Vec<Value> = [
        "",
        "\0",
        "a\0b",
        "\u{FFFD}",
        "\u{202E}evil",
        "👩‍❤️‍👨",
        "\"",
        "NEAR(a b) OR *",
        "{title body}: x",
        "'; DROP TABLE check_in; --",
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "2026-02-30",
        "2026-13-01",
        "24:00",
        "23:59:60",
        "Mars/Olympus_Mons",
        "-00:00",
    ]
    .into_iter()
    .map(Value::from)
    .collect();
    values.push(Value::from("x".repeat(2_000_000)));
    values.extend([
        json!(i64::MAX),
        json!(i64::MIN),
        json!(-1),
        json!(1e308),
        json!(0.5),
        json!(null),
        json!(true),
        json!([]),
        json!({}),
        json!([["nested"]]),
    ]);
    values
}

/// What each command's answer to hostile input may be: a value, a gentle refusal, or Tauri's
/// own refusal of arguments it couldn't read (which the UI turns into gentle words). Never a
/// storage error, never a panic.
fn assert_gentle(command: &str, input: &Value, answer: &Result<Value, Value>) {
    let shown: String = input.to_string().chars().take(60).collect();
    match answer {
        Ok(_) => {}
        Err(Value::String(s)) => assert!(s.starts_with("invalid args"), "{command}({shown}): {s}"),
        Err(error) => {
            let kind = error["kind"].as_str().unwrap_or_default();
            assert!(
                ["invalid_input", "not_found"].contains(&kind),
                "{command}({shown}) answered {error}"
            );
        }
    }
}

#[test]
fn hostile_input_to_every_command_is_refused_gently_or_kept_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app(dir.path());
    let mut tried = 0;
    for value in hostile_values() {
        let text = value.as_str().unwrap_or("a walk").to_owned();
        let calls: Vec<(&str, Value)> = vec![
            ("save_check_in", a_check_in_with("note", &value)),
            ("save_check_in", a_check_in_with("together_minutes", &value)),
            ("save_check_in", a_check_in_with("presence", &value)),
            ("save_check_in", a_check_in_with("activities", &json!([value]))),
            (
                "update_check_in",
                json!({ "id": value, "checkIn": a_check_in("x")["checkIn"] }),
            ),
            ("delete_check_in", json!({ "id": value })),
            ("restore_check_in", json!({ "id": value })),
            (
                "save_entry",
                json!({ "id": null, "draft": { "title": value, "body": "b", "tags": [], "check_in_id": null } }),
            ),
            (
                "save_entry",
                json!({ "id": null, "draft": { "title": "t", "body": value, "tags": [value], "check_in_id": null } }),
            ),
            (
                "save_entry",
                json!({ "id": value, "draft": { "title": "t", "body": "b", "tags": [], "check_in_id": value } }),
            ),
            ("entry", json!({ "id": value })),
            ("delete_entry", json!({ "id": value })),
            (
                "search",
                json!({ "query": { "text": value, "tag": null, "from": null, "to": null } }),
            ),
            (
                "search",
                json!({ "query": { "text": "walk", "tag": value, "from": value, "to": value } }),
            ),
            ("timeline", json!({ "after": { "created_at": value, "id": value } })),
            ("journal", json!({ "after": { "created_at": value, "id": 1 } })),
            ("check_ins_on", json!({ "date": value })),
            ("calendar_month", json!({ "year": value, "month": value })),
            ("add_prompt", json!({ "practice": "listen", "text": value })),
            ("add_prompt", json!({ "practice": value, "text": "x" })),
            ("set_prompt_hidden", json!({ "key": value, "hidden": true })),
            (
                "set_preferences",
                json!({ "preferences": { "questions": [value], "auto_lock_minutes": value } }),
            ),
            ("keep_check_in_draft", json!({ "answers": value })),
            ("remember_place", json!({ "place": value })),
            ("pause_reminders", json!({ "choice": value })),
            (
                "set_reminders",
                json!({ "settings": { "zone": value, "rules": [], "quiet": null, "lines": {}, "snooze": "ten_minutes" } }),
            ),
            (
                "set_reminders",
                json!({ "settings": { "rules": [{ "id": value, "kind": "presence", "catch_up_minutes": 10,
                "schedule": { "times": { "times": [value], "days": ["Mon"] } } }] } }),
            ),
            ("unlock", json!({ "passphrase": value })),
            ("recover", json!({ "how": value })),
        ];
        for (command, args) in calls {
            let answer = call(&window, command, args.clone());
            assert_gentle(command, &args, &answer);
            // What was taken is kept exactly.
            if let (Ok(saved), "save_check_in") = (&answer, command)
                && value.is_string()
                && args["checkIn"]["note"] == value
                && !text.trim().is_empty()
            {
                assert_eq!(saved["note"], value, "the note is kept byte for byte");
            }
            if let (Ok(saved), "save_entry") = (&answer, command)
                && args["draft"]["body"] == value
            {
                assert_eq!(saved["body"], value, "the body is kept byte for byte");
            }
            tried += 1;
        }
    }
    eprintln!("hostile inputs tried through the command layer: {tried}");
    assert!(tried > 800);
}

/// [`a_check_in`] with `field` set to `value`.
fn a_check_in_with(field: &str, value: &Value) -> Value {
    let mut args = a_check_in("a walk");
    args["checkIn"][field] = value.clone();
    args
}
