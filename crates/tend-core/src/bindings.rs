//! The TypeScript types of everything that crosses into the UI, generated from the Rust types.
//! The file `ui/src/lib/bindings.ts` is this output, committed; a test fails when it is stale
//! (`UPDATE_BINDINGS=1 cargo test -p tend-core` rewrites it).

use ts_rs::{Config, TS};

use crate::{CheckIn, CommandError, ErrorKind, NewCheckIn};

/// The whole bindings file.
pub fn typescript() -> String {
    let cfg = Config::default();
    let decls = [
        NewCheckIn::decl(&cfg),
        CheckIn::decl(&cfg),
        ErrorKind::decl(&cfg),
        CommandError::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from crates/tend-core by `UPDATE_BINDINGS=1 cargo test -p tend-core`. Do not edit.\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}
