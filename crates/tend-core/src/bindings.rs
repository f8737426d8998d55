//! The TypeScript types of everything that crosses into the UI, generated from the Rust types.
//! The file `ui/src/lib/bindings.ts` is this output, committed; a test fails when it is stale
//! (`UPDATE_BINDINGS=1 cargo test -p tend-core` rewrites it).

use ts_rs::{Config, TS};

use crate::data::{ExportKind, ImportPlan, ImportPreview, ImportSource, Imported};
use crate::insights::{LabelUse, Pattern, PatternFactor, PatternOutcome};
use crate::journal::{EntryDraft, JournalEntry};
use crate::prompts::{Practice, Prompt, PromptGroup};
use crate::reminders::{
    KindLines, Pause, PauseChoice, QuietHours, ReminderKind, ReminderOverview, ReminderRule, ReminderSettings,
    Schedule, SnoozeChoice,
};
use crate::search::{HitKind, SearchHit, SearchQuery, SnippetPart};
use crate::store::backup::{BackupInfo, BackupKind};
use crate::store::recover::{Backup, Recovered};
use crate::store::{CalendarDay, JournalPage, TimelineCursor, TimelinePage};
use crate::store_state::Backups;
use crate::trust::{
    Disclosure, NewDisclosure, NewPromise, NewRevisit, Promise, PromiseEvent, PromiseMove, PromiseState, Revisit,
};
use crate::{
    CheckIn, CommandError, ErrorKind, Insights, KnownLabels, NewCheckIn, Preferences, Presence, Privacy, Question,
    Recovery, Storage,
};

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
        Pause::decl(&cfg),
        PauseChoice::decl(&cfg),
        ReminderSettings::decl(&cfg),
        KindLines::decl(&cfg),
        ReminderOverview::decl(&cfg),
        Privacy::decl(&cfg),
        ErrorKind::decl(&cfg),
        CommandError::decl(&cfg),
        Backup::decl(&cfg),
        BackupKind::decl(&cfg),
        BackupInfo::decl(&cfg),
        Storage::decl(&cfg),
        Recovery::decl(&cfg),
        Recovered::decl(&cfg),
        ExportKind::decl(&cfg),
        ImportSource::decl(&cfg),
        ImportPreview::decl(&cfg),
        ImportPlan::decl(&cfg),
        Imported::decl(&cfg),
        Backups::decl(&cfg),
        PromiseState::decl(&cfg),
        NewPromise::decl(&cfg),
        PromiseMove::decl(&cfg),
        PromiseEvent::decl(&cfg),
        Promise::decl(&cfg),
        NewDisclosure::decl(&cfg),
        Disclosure::decl(&cfg),
        NewRevisit::decl(&cfg),
        Revisit::decl(&cfg),
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
    out.push_str(&constants());
    out
}

/// The event names and the limits the UI checks before sending, as constants, so the UI never
/// spells them itself (a test in `ui/` fails when it does).
fn constants() -> String {
    use crate::{check_in, events, journal, prompts, search};
    let events = [
        ("open_check_in", events::OPEN_CHECK_IN),
        ("quit_requested", events::QUIT_REQUESTED),
        ("reminders_changed", events::REMINDERS_CHANGED),
        ("lock_requested", events::LOCK_REQUESTED),
        ("export_progress", events::EXPORT_PROGRESS),
    ];
    let limits = [
        ("note", check_in::NOTE_LIMIT as u64),
        ("minutes", check_in::MINUTES_LIMIT as u64),
        ("label", check_in::LABEL_LIMIT as u64),
        ("labels", check_in::LABELS_LIMIT as u64),
        ("entry_title", journal::TITLE_LIMIT as u64),
        ("entry_body", journal::BODY_LIMIT as u64),
        ("tag", journal::TAG_LIMIT as u64),
        ("tags", journal::TAGS_LIMIT as u64),
        ("prompt", prompts::PROMPT_LIMIT as u64),
        ("search_text", search::SEARCH_TEXT_LIMIT as u64),
        ("draft", crate::store::DRAFT_LIMIT as u64),
        ("reminder_line", crate::reminders::LINE_LIMIT as u64),
        ("reminder_lines", crate::reminders::LINES_LIMIT as u64),
        ("reminder_rules", crate::reminders::RULES_LIMIT as u64),
        ("reminder_times", crate::reminders::TIMES_LIMIT as u64),
        ("catch_up_minutes", crate::reminders::CATCH_UP_LIMIT as u64),
        ("passphrase_min", crate::vault::PASSPHRASE_MIN as u64),
        ("passphrase_max", crate::vault::PASSPHRASE_MAX as u64),
    ];
    let mut out = String::from("\n/** The events the shell sends the window. */\nexport const EVENTS = {\n");
    for (name, value) in events {
        out.push_str(&format!("  {name}: {value:?},\n"));
    }
    out.push_str("} as const;\n\n/** The limits the backend holds every value to (characters, or a count). */\nexport const LIMITS = {\n");
    for (name, value) in limits {
        out.push_str(&format!("  {name}: {value},\n"));
    }
    out.push_str("} as const;\n");
    out
}
