//! One command surface: the functions marked `#[tauri::command]` in `src-tauri/src/commands.rs`
//! (which `build.rs` generates permissions and the capability file for), the ones
//! `generate_handler!` registers, the ones the capability file grants and the ones
//! `ui/src/lib/api.ts` calls are the same set. A command granted that the UI never
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

/// The functions marked as commands in `src-tauri/src/commands.rs` (what `build.rs` lists and
/// generates permissions for), read line by line.
fn marked_as_commands() -> BTreeSet<String> {
    let file = read("src-tauri/src/commands.rs");
    let mut lines = file.lines();
    let mut names = BTreeSet::new();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("#[tauri::command") {
            let signature = lines.by_ref().find(|l| l.contains("fn ")).unwrap();
            let name = signature.split("fn ").nth(1).unwrap();
            names.insert(name.split(['(', '<']).next().unwrap().to_owned());
        }
    }
    names
}

fn registered() -> BTreeSet<String> {
    between(&read("src-tauri/src/commands.rs"), "generate_handler![", "]")
        .split(',')
        .map(|name| name.trim().to_owned())
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
    let commands = marked_as_commands();
    assert!(commands.len() > 20, "read the commands: {commands:?}");
    assert_eq!(
        registered(),
        commands,
        "generate_handler! vs the #[tauri::command] functions in src-tauri/src/commands.rs"
    );
    assert_eq!(
        granted(),
        commands,
        "src-tauri/capabilities/main.json (build.rs writes it) vs the commands"
    );
    assert_eq!(called_by_the_ui(), commands, "ui/src/lib/api.ts vs the commands");
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
