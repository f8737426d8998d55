//! One command surface: the commands `src-tauri/build.rs` lists (and so has permissions
//! generated for), the ones `generate_handler!` registers, the ones the capability file grants
//! and the ones `ui/src/lib/api.ts` calls are the same set. A command granted that the UI never
//! calls, or called and never granted, fails here rather than in a person's window.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The text between `start` and the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{start:?} is there")) + start.len();
    let to = text[from..].find(end).unwrap() + from;
    &text[from..to]
}

/// Every `"word"` in `text`.
fn quoted(text: &str) -> BTreeSet<String> {
    text.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

fn listed_in_build_rs() -> BTreeSet<String> {
    quoted(between(
        &read("src-tauri/build.rs"),
        "const COMMANDS: &[&str] = &[",
        "];",
    ))
}

fn registered() -> BTreeSet<String> {
    between(&read("src-tauri/src/lib.rs"), "generate_handler![", "]")
        .split(',')
        .map(|name| name.trim().trim_start_matches("commands::").to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

fn granted() -> BTreeSet<String> {
    let capability: serde_json::Value = serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap();
    capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|name| name.replace('-', "_"))
        .collect()
}

fn called_by_the_ui() -> BTreeSet<String> {
    let file = read("ui/src/lib/api.ts");
    let api = between(&file, "export const api = {", "\n};");
    api.split("invoke<")
        .skip(1)
        .filter_map(|rest| {
            let quote = rest.find('\'')?;
            let name = &rest[quote + 1..];
            Some(name[..name.find('\'')?].to_owned())
        })
        .collect()
}

#[test]
fn the_four_lists_of_commands_agree() {
    let build = listed_in_build_rs();
    assert!(build.len() > 20, "read the list in build.rs: {build:?}");
    assert_eq!(
        registered(),
        build,
        "generate_handler! in src-tauri/src/lib.rs vs build.rs"
    );
    assert_eq!(granted(), build, "src-tauri/capabilities/main.json vs build.rs");
    assert_eq!(called_by_the_ui(), build, "ui/src/lib/api.ts vs build.rs");
}

#[test]
fn the_capability_grants_nothing_of_the_core_but_what_the_ui_uses() {
    let capability: serde_json::Value = serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap();
    let core: BTreeSet<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter(|p| p.starts_with("core:"))
        .collect();
    assert_eq!(
        core,
        BTreeSet::from([
            "core:event:allow-listen",
            "core:event:allow-unlisten",
            "core:window:allow-destroy"
        ]),
        "listening for Tend's own events and the window's close request, and closing it"
    );
}
