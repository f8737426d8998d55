fn main() {
    // tauri.conf.json lives at the repository root (see the root Cargo.toml for why).
    // Listing our commands generates `allow-<command>` permissions, so the capability file can
    // grant each one by name and nothing is allowed by default.
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(&["save_check_in", "list_check_ins"]));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build could not prepare the app: {error:#}");
    }
}
