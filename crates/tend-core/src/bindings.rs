//! The TypeScript types of everything that crosses into the UI, generated from the Rust types.
//! The file `ui/src/lib/bindings.ts` is this output, committed; a test fails when it is stale
//! (`UPDATE_BINDINGS=1 cargo test -p tend-core` rewrites it).

use ts_rs::{Config, TS};

use crate::insights::{LabelUse, Pattern, PatternFactor, PatternOutcome};
use crate::store::{CalendarDay, TimelineCursor, TimelinePage};
use crate::{CheckIn, CommandError, ErrorKind, Insights, KnownLabels, NewCheckIn, Preferences, Presence, Question};

/// The whole bindings file.
pub fn typescript() -> String {
    let cfg = Config::default();
    let decls = [
        Presence::decl(&cfg),
        NewCheckIn::decl(&cfg),
        CheckIn::decl(&cfg),
        TimelineCursor::decl(&cfg),
        TimelinePage::decl(&cfg),
        CalendarDay::decl(&cfg),
        KnownLabels::decl(&cfg),
        LabelUse::decl(&cfg),
        PatternFactor::decl(&cfg),
        PatternOutcome::decl(&cfg),
        Pattern::decl(&cfg),
        Insights::decl(&cfg),
        Question::decl(&cfg),
        Preferences::decl(&cfg),
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
