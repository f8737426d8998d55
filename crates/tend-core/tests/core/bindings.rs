use std::path::PathBuf;

/// The committed UI bindings match the Rust types. `UPDATE_BINDINGS=1` rewrites them.
#[test]
fn ui_bindings_are_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
    let generated = tend_core::bindings::typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/lib/bindings.ts is stale; run `UPDATE_BINDINGS=1 cargo test -p tend-core --test core`"
    );
}
