/// Every command the UI may call; each gets an `allow-<command>` permission.
const COMMANDS: &[&str] = &[
    "save_check_in",
    "update_check_in",
    "delete_check_in",
    "restore_check_in",
    "timeline",
    "check_ins_on",
    "calendar_month",
    "known_labels",
    "insights",
    "preferences",
    "set_preferences",
    "save_entry",
    "entry",
    "journal",
    "delete_entry",
    "restore_entry",
    "journal_tags",
    "search",
    "prompts",
    "add_prompt",
    "set_prompt_hidden",
    "reminders",
    "set_reminders",
    "pause_reminders",
    "resume_reminders",
    "send_test_reminder",
    "place",
    "remember_place",
    "check_in_draft",
    "keep_check_in_draft",
    "autostart",
    "set_autostart",
    "quit",
];

fn main() {
    // tauri.conf.json lives at the repository root (see the root Cargo.toml for why).
    // Listing our commands generates `allow-<command>` permissions, so the capability file can
    // grant each one by name and nothing is allowed by default.
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build could not prepare the app: {error:#}");
    }
}
