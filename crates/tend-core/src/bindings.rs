//! The TypeScript types of everything that crosses into the UI, generated from the Rust types.
//! The file `ui/src/lib/bindings.ts` is this output, committed; a test fails when it is stale
//! (`UPDATE_BINDINGS=1 cargo test -p tend-core` rewrites it).

use ts_rs::{Config, TS};

use crate::insights::{LabelUse, Pattern, PatternFactor, PatternOutcome};
use crate::journal::{EntryDraft, JournalEntry};
use crate::prompts::{Practice, Prompt, PromptGroup};
use crate::reminders::{
    KindLines, PauseChoice, QuietHours, ReminderKind, ReminderOverview, ReminderRule, ReminderSettings, Schedule,
    SnoozeChoice,
};
use crate::search::{HitKind, SearchHit, SearchQuery, SnippetPart};
use crate::store::{CalendarDay, JournalPage, TimelineCursor, TimelinePage};
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
        EntryDraft::decl(&cfg),
        JournalEntry::decl(&cfg),
        JournalPage::decl(&cfg),
        SearchQuery::decl(&cfg),
        HitKind::decl(&cfg),
        SnippetPart::decl(&cfg),
        SearchHit::decl(&cfg),
        Practice::decl(&cfg),
        Prompt::decl(&cfg),
        PromptGroup::decl(&cfg),
        ReminderKind::decl(&cfg),
        Schedule::decl(&cfg),
        ReminderRule::decl(&cfg),
        QuietHours::decl(&cfg),
        SnoozeChoice::decl(&cfg),
        PauseChoice::decl(&cfg),
        ReminderSettings::decl(&cfg),
        KindLines::decl(&cfg),
        ReminderOverview::decl(&cfg),
        ErrorKind::decl(&cfg),
        CommandError::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from crates/tend-core by `UPDATE_BINDINGS=1 cargo test -p tend-core`. Do not edit.\n",
    );
    // chrono's weekdays cross as their three-letter names.
    out.push_str("\nexport type Weekday = \"Mon\" | \"Tue\" | \"Wed\" | \"Thu\" | \"Fri\" | \"Sat\" | \"Sun\";\n");
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}
