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
